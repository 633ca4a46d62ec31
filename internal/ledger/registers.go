package ledger

import (
	"context"
	"strconv"
	"strings"

	"civicgrid/internal/errs"
	"civicgrid/internal/facility"
	"civicgrid/internal/orgunit"
	"civicgrid/internal/store"
)

func init() {
	importers[Units.Name] = importUnits
	importers[Facilities.Name] = importFacilities
}

// isDomainError tells a problem with the line (bad input, out of scope,
// taken) from a failure of the store, which ends the import.
func isDomainError(err error) bool {
	switch errs.KindOf(err) {
	case errs.Invalid, errs.NotFound, errs.Conflict, errs.Forbidden:
		return true
	}
	return false
}

// importUnits registers each unit not registered yet: by its credit code,
// or for a 个体工商户/商业网点 without one by its name at its address.
func importUnits(ctx context.Context, s *Service, tx *store.Tx, a Actor, recs []record, probs *Problems, rep *Report) error {
	seen := map[string]int{}
	for _, r := range recs {
		kind, ok := orgunit.KindOf(r.get("kind"))
		if !ok {
			probs.add(r.line, Units.title("kind"), "单位类型“%s”无效，应为 机关、事业单位、企业、个体工商户、社会组织、学校、医疗机构、商业网点 (unknown kind)", r.get("kind"))
			continue
		}
		state := ""
		if st := r.get("state"); st != "" {
			if state, ok = orgunit.StateOf(st); !ok {
				probs.add(r.line, Units.title("state"), "经营状态“%s”无效，应为 在营、停业、注销 (unknown state)", st)
				continue
			}
		}
		staff := 0
		if n := r.get("staff_count"); n != "" {
			var err error
			if staff, err = strconv.Atoi(n); err != nil {
				probs.add(r.line, Units.title("staff_count"), "从业人数应为整数 (a whole number)")
				continue
			}
		}
		in := orgunit.Input{Kind: kind, Name: r.get("name"), CreditCode: r.get("credit_code"), Address: r.get("address"),
			ContactName: r.get("contact_name"), ContactPhone: r.get("contact_phone"), StaffCount: staff, State: state}
		key := strings.ToUpper(in.CreditCode)
		if key == "" {
			key = in.Name + "@" + in.Address
		}
		if first, dup := seen[key]; dup {
			probs.add(r.line, "", "与第%d行是同一单位 (the same unit as line %d)", first, first)
			continue
		}
		seen[key] = r.line
		id, err := s.Units.Existing(ctx, tx, a.editor(), in)
		if err == nil && id == 0 {
			_, err = s.Units.CreateIn(ctx, tx, a.editor(), in)
		}
		switch {
		case err != nil && isDomainError(err):
			probs.add(r.line, "", "%s", plain(err))
		case err != nil:
			return err
		case id != 0:
			rep.Unchanged++
		default:
			rep.Added++
		}
	}
	return nil
}

// importFacilities registers each facility not registered yet: a line
// with a code must name a registered facility (codes are given out by the
// register); a line without one is new unless a facility of its kind
// stands at its point.
func importFacilities(ctx context.Context, s *Service, tx *store.Tx, a Actor, recs []record, probs *Problems, rep *Report) error {
	seen := map[string]int{}
	for _, r := range recs {
		lng, err1 := strconv.ParseFloat(r.get("lng"), 64)
		lat, err2 := strconv.ParseFloat(r.get("lat"), 64)
		if err1 != nil || err2 != nil {
			probs.add(r.line, Facilities.title("lng"), "经纬度应为数字，如 123.7712、41.3021 (longitude and latitude must be numbers)")
			continue
		}
		if code := r.get("code"); code != "" {
			f, err := facility.GetByCode(ctx, tx, a.Scope, code)
			switch {
			case err != nil && isDomainError(err):
				probs.add(r.line, Facilities.title("code"), "部件编码 %s 未登记或不在您的辖区；新部件请留空编码 (no registered facility with this code in your scope)", code)
			case err != nil:
				return err
			case seen[f.Code] != 0:
				probs.add(r.line, Facilities.title("code"), "与第%d行是同一部件 (the same facility as line %d)", seen[f.Code], seen[f.Code])
			default:
				seen[f.Code] = r.line
				rep.Unchanged++
			}
			continue
		}
		in := facility.Input{Kind: r.get("kind"), Name: r.get("name"), Lng: lng, Lat: lat, OwnerDeptCode: r.get("owner_dept_code"), State: r.get("state")}
		if cc := r.get("owner_credit_code"); cc != "" {
			id, err := orgunit.IDByCreditCode(ctx, tx, a.Scope, cc)
			if err != nil && !isDomainError(err) {
				return err
			}
			if id == 0 {
				probs.add(r.line, Facilities.title("owner_credit_code"), "权属单位 %s 未在您的辖区登记 (no such unit in your scope)", cc)
				continue
			}
			in.OwnerUnitID = id
		}
		id, err := facility.At(ctx, tx, in.Kind, lng, lat)
		if err == nil && id == 0 {
			_, err = s.Facilities.CreateIn(ctx, tx, a.editor(), in)
		}
		switch {
		case err != nil && isDomainError(err):
			probs.add(r.line, "", "%s", plain(err))
		case err != nil:
			return err
		case id != 0:
			rep.Unchanged++
		default:
			rep.Added++
		}
	}
	return nil
}
