package ledger

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"civicgrid/internal/address"
	"civicgrid/internal/facility"
	"civicgrid/internal/orgunit"
	"civicgrid/internal/people"
	"civicgrid/internal/sheet"
)

// ExportOptions narrows an export. Purpose, for the people ledger only,
// asks for names, document numbers and phones unmasked: the people
// register decides whether the role may, and audits it.
type ExportOptions struct {
	Under   string
	Purpose string
}

// Export writes a ledger in the actor's scope as an .xlsx workbook with
// the import's columns, so the file imports unchanged; it returns the
// number of rows. People are masked unless a purpose is given (and the
// role may reveal); every people export is audited by the register.
func (s *Service) Export(ctx context.Context, a Actor, name string, w io.Writer, o ExportOptions) (int, error) {
	l, err := Find(name)
	if err != nil {
		return 0, err
	}
	if o.Purpose != "" && l.Name != People.Name {
		return 0, fmt.Errorf("%w: a purpose unmasks people only", ErrUnknown)
	}
	x := sheet.NewXLSX(w, nil)
	if err := x.Sheet(l.Title, l.sheetColumns()); err != nil {
		return 0, err
	}
	n := 0
	row := func(vals ...any) error {
		n++
		return x.Row(vals...)
	}
	switch l.Name {
	case People.Name:
		err = s.People.Export(ctx, a.People, people.ExportOptions{Under: o.Under, Reveal: o.Purpose != "", Purpose: o.Purpose}, func(p people.Person) error {
			return row(p.Name, people.DocLabel(p.DocType), p.DocNumber, p.Phone, p.HouseText, p.GridCode, people.Label(p.Hukou),
				people.Label(p.Residence), yesNo(p.Separated), p.MovedIn)
		})
	case Addresses.Name:
		err = s.exportAddresses(ctx, a, o.Under, row)
	case Houses.Name:
		err = s.exportHouses(ctx, a, o.Under, row)
	case Units.Name:
		err = s.exportUnits(ctx, a, o.Under, row)
	case Facilities.Name:
		err = s.exportFacilities(ctx, a, o.Under, row)
	}
	if err != nil {
		// Not closed: Close would write the half workbook. Under 16 MiB a
		// stream holds no temporary file to remove.
		return 0, err
	}
	return n, x.Close()
}

// coord writes a longitude or latitude with every digit it has (a
// number cell would show two decimals, 10 m apart).
func coord(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// under checks a region filter against the scope (outside it: NotFound,
// as everywhere).
func under(a Actor, code string) error {
	if code != "" && !a.Scope.CoversRegion(code) {
		return fmt.Errorf("%w: region %s", address.ErrNotFound, code)
	}
	return nil
}

func (s *Service) exportAddresses(ctx context.Context, a Actor, in string, row func(...any) error) error {
	if err := under(a, in); err != nil {
		return err
	}
	for off := 0; ; off += address.MaxList {
		page, err := address.List(ctx, s.DB, a.Scope, address.Filter{Under: in}, address.MaxList, off)
		if err != nil {
			return err
		}
		for _, ad := range page {
			lng, lat := "", ""
			if ad.HasPoint {
				lng, lat = coord(ad.Lng), coord(ad.Lat)
			}
			if err := row(ad.Road, ad.DoorNo, ad.BuildingCode, ad.BuildingNo, ad.UnitNo, ad.RoomNo, ad.GridCode, lng, lat, ad.FullText); err != nil {
				return err
			}
		}
		if len(page) < address.MaxList {
			return nil
		}
	}
}

func (s *Service) exportHouses(ctx context.Context, a Actor, in string, row func(...any) error) error {
	if err := under(a, in); err != nil {
		return err
	}
	for off := 0; ; off += address.MaxList {
		page, err := address.ListHouses(ctx, s.DB, a.Scope, address.HouseFilter{Under: in}, address.MaxList, off)
		if err != nil {
			return err
		}
		for _, h := range page {
			ad, err := address.Get(ctx, s.DB, a.Scope, h.AddressID)
			if err != nil {
				return err
			}
			var tenants any
			if h.Use == address.UseRent {
				tenants = h.TenantCount
			}
			if err := row(ad.Road, ad.DoorNo, ad.BuildingCode, ad.BuildingNo, ad.UnitNo, ad.RoomNo, useLabel(h.Use),
				address.FormatArea(h.AreaDM2), tenants, h.LeaseStart, h.LeaseEnd, ad.FullText); err != nil {
				return err
			}
		}
		if len(page) < address.MaxList {
			return nil
		}
	}
}

func useLabel(code string) string {
	for _, u := range address.UseLabels {
		if u.Code == code {
			return u.Label
		}
	}
	return code
}

func (s *Service) exportUnits(ctx context.Context, a Actor, in string, row func(...any) error) error {
	if err := under(a, in); err != nil {
		return err
	}
	for off := 0; ; off += orgunit.MaxList {
		page, err := s.Units.List(ctx, a.Scope, orgunit.Filter{Under: in}, orgunit.MaxList, off)
		if err != nil {
			return err
		}
		for _, u := range page {
			addr, err := address.Get(ctx, s.DB, a.Scope, u.AddressID)
			if err != nil {
				return err
			}
			if err := row(u.Name, orgunit.KindNames[u.Kind], u.CreditCode, addr.FullText, u.ContactName, u.ContactPhone, u.StaffCount,
				orgunit.StateNames[u.State]); err != nil {
				return err
			}
		}
		if len(page) < orgunit.MaxList {
			return nil
		}
	}
}

func (s *Service) exportFacilities(ctx context.Context, a Actor, in string, row func(...any) error) error {
	if err := under(a, in); err != nil {
		return err
	}
	credit := map[int64]string{}
	for off := 0; ; off += facility.MaxList {
		page, err := facility.List(ctx, s.DB, a.Scope, facility.Filter{Under: in}, facility.MaxList, off)
		if err != nil {
			return err
		}
		for _, f := range page {
			owner := ""
			if f.OwnerUnitID != 0 {
				c, ok := credit[f.OwnerUnitID]
				if !ok {
					if u, err := orgunit.Get(ctx, s.DB, a.Scope, f.OwnerUnitID); err == nil {
						c = u.CreditCode
					}
					credit[f.OwnerUnitID] = c
				}
				owner = c
			}
			if err := row(f.Code, f.KindName(), f.Name, coord(f.Lng), coord(f.Lat), owner, f.OwnerDeptCode, facility.StateNames[f.State]); err != nil {
				return err
			}
		}
		if len(page) < facility.MaxList {
			return nil
		}
	}
}
