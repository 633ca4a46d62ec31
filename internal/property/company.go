package property

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/orgunit"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Company is a property-management company (物业服务企业) of a district.
type Company struct {
	ID           int64     `json:"id"`
	DistrictCode string    `json:"district_code"`
	Name         string    `json:"name"`
	CreditCode   string    `json:"credit_code,omitempty"`
	Contact      string    `json:"contact"` // masked: 张* 138****5678
	CreatedAt    time.Time `json:"created_at"`
}

// CompanyInput registers a company.
type CompanyInput struct {
	DistrictCode string // "" is the actor's district
	Name         string
	CreditCode   string // optional; checked (GB 32100) when given
	ContactName  string
	ContactPhone string
}

// AddCompany registers a company in a district of the actor's.
func (s *Service) AddCompany(ctx context.Context, a Actor, in CompanyInput) (Company, error) {
	if err := a.need(keepRoles, "keep property management"); err != nil {
		return Company{}, err
	}
	district := strings.TrimSpace(in.DistrictCode)
	if district == "" && len(a.Scope.RegionPrefix()) >= 6 {
		district = a.Scope.RegionPrefix()[:6]
	}
	if len(district) != 6 || !strings.HasPrefix(district, a.Scope.RegionPrefix()[:min(6, len(a.Scope.RegionPrefix()))]) {
		return Company{}, invalid("district %q: want your district's 6-digit code — 请选择所在区", in.DistrictCode)
	}
	name, err := cleanText("name", "企业名称", in.Name, 60, true)
	if err != nil {
		return Company{}, err
	}
	var credit string
	if strings.TrimSpace(in.CreditCode) != "" {
		if credit, err = orgunit.ParseCreditCode(in.CreditCode); err != nil {
			return Company{}, fmt.Errorf("%w: credit_code: %v", ErrInvalid, err)
		}
	}
	contactName, err := cleanText("contact_name", "联系人", in.ContactName, 20, true)
	if err != nil {
		return Company{}, err
	}
	phone := pii.NormalizePhone(in.ContactPhone)
	if len(phone) < 7 || len(phone) > 12 || strings.Trim(phone, "0123456789") != "" {
		return Company{}, invalid("contact_phone %q: want a phone number — 联系电话格式不对", in.ContactPhone)
	}
	sealedName, err := s.cfg.Keys.Seal(contactName)
	if err != nil {
		return Company{}, err
	}
	sealedPhone, err := s.cfg.Keys.Seal(phone)
	if err != nil {
		return Company{}, err
	}
	now := s.now()
	c := Company{DistrictCode: district, Name: name, CreditCode: credit,
		Contact: pii.MaskName(contactName) + " " + pii.MaskPhone(phone), CreatedAt: now}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions WHERE code = ? AND level = 'district'`, district).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return invalid("district %s: no such district — 没有这个区", district)
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO property_companies (district_code, name, credit_code, contact_name, contact_phone,
			contact_mask, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			district, name, credit, sealedName, sealedPhone, c.Contact, store.Millis(now)).Scan(&c.ID)
		if store.IsUniqueViolation(err) {
			return conflict("company %q is registered already — 该物业企业已登记", name)
		}
		if err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "property.company.add", fmt.Sprintf("property_company:%d", c.ID), name)
	})
	if err != nil {
		return Company{}, err
	}
	return c, nil
}

// Companies lists the companies of the actor's districts by name.
func (s *Service) Companies(ctx context.Context, a Actor) ([]Company, error) {
	if err := a.need(readRoles, "read property management"); err != nil {
		return nil, err
	}
	cond, args := districtsCond(a, "district_code")
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT id, district_code, name, credit_code, contact_mask, created_at
		FROM property_companies WHERE `+cond+` ORDER BY name, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Company{}
	for rows.Next() {
		var c Company
		var at int64
		if err := rows.Scan(&c.ID, &c.DistrictCode, &c.Name, &c.CreditCode, &c.Contact, &at); err != nil {
			return nil, err
		}
		c.CreatedAt = store.Time(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// company reads one company of the actor's districts.
func (s *Service) company(ctx context.Context, q store.Querier, a Actor, id int64) (Company, error) {
	cond, args := districtsCond(a, "district_code")
	var c Company
	var at int64
	err := q.QueryRowContext(ctx, `SELECT id, district_code, name, credit_code, contact_mask, created_at
		FROM property_companies WHERE id = ? AND `+cond, append([]any{id}, args...)...).
		Scan(&c.ID, &c.DistrictCode, &c.Name, &c.CreditCode, &c.Contact, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Company{}, notFound("company %d — 物业企业不存在", id)
	}
	if err != nil {
		return Company{}, err
	}
	c.CreatedAt = store.Time(at)
	return c, nil
}
