package property

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// Contract is a company serving a compound from StartsOn to EndsOn (both
// days included).
type Contract struct {
	ID          int64  `json:"id"`
	CompanyID   int64  `json:"company_id"`
	CompanyName string `json:"company_name"`
	EstateID    int64  `json:"estate_id"`
	EstateName  string `json:"estate_name"`
	Community   string `json:"community_code"`
	StartsOn    string `json:"starts_on"`
	EndsOn      string `json:"ends_on"`
	Current     bool   `json:"current"` // today lies in it
}

// ContractInput records a contract.
type ContractInput struct {
	CompanyID int64
	EstateID  int64
	StartsOn  string
	EndsOn    string
}

// AddContract records that a company serves a compound in the actor's
// scope. A compound has one company at a time: a contract overlapping
// another of the same compound is refused.
func (s *Service) AddContract(ctx context.Context, a Actor, in ContractInput) (Contract, error) {
	if err := a.need(keepRoles, "keep property management"); err != nil {
		return Contract{}, err
	}
	from, err := parseDay("starts_on", "开始日期", in.StartsOn)
	if err != nil {
		return Contract{}, err
	}
	to, err := parseDay("ends_on", "结束日期", in.EndsOn)
	if err != nil {
		return Contract{}, err
	}
	if to.Before(from) {
		return Contract{}, invalid("ends_on %s is before starts_on %s — 结束日期早于开始日期", day(to), day(from))
	}
	c := Contract{CompanyID: in.CompanyID, EstateID: in.EstateID, StartsOn: day(from), EndsOn: day(to)}
	now := s.now()
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		co, err := s.company(ctx, tx, a, in.CompanyID)
		if err != nil {
			return err
		}
		c.CompanyName = co.Name
		if c.Community, c.EstateName, err = s.estateIn(ctx, tx, a, in.EstateID); err != nil {
			return err
		}
		var other string
		err = tx.QueryRowContext(ctx, `SELECT pc.name FROM property_contracts k JOIN property_companies pc ON pc.id = k.company_id
			WHERE k.estate_id = ? AND k.starts_on <= ? AND k.ends_on >= ? LIMIT 1`, in.EstateID, c.EndsOn, c.StartsOn).Scan(&other)
		switch {
		case err == nil:
			return conflict("%s is served by %s in that time already — 该小区在此期间已有物业服务合同（%s）", c.EstateName, other, other)
		case !isNoRows(err):
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO property_contracts (company_id, estate_id, starts_on, ends_on, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, c.CompanyID, c.EstateID, c.StartsOn, c.EndsOn, store.Millis(now)).Scan(&c.ID); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "property.contract.add", fmt.Sprintf("estate:%d", c.EstateID),
			fmt.Sprintf("%s %s—%s", co.Name, c.StartsOn, c.EndsOn))
	})
	if err != nil {
		return Contract{}, err
	}
	c.Current = c.StartsOn <= day(now) && day(now) <= c.EndsOn
	return c, nil
}

// Contracts lists the contracts of the compounds in the actor's scope, a
// compound's newest first.
func (s *Service) Contracts(ctx context.Context, a Actor) ([]Contract, error) {
	if err := a.need(readRoles, "read property management"); err != nil {
		return nil, err
	}
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT k.id, k.company_id, pc.name, k.estate_id, e.name, e.community_code, k.starts_on, k.ends_on
		FROM property_contracts k JOIN property_companies pc ON pc.id = k.company_id JOIN estates e ON e.id = k.estate_id
		WHERE e.community_code LIKE ? ORDER BY e.community_code, e.name, k.starts_on DESC`, a.Scope.RegionPrefix()+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	today := day(s.now())
	out := []Contract{}
	for rows.Next() {
		var c Contract
		if err := rows.Scan(&c.ID, &c.CompanyID, &c.CompanyName, &c.EstateID, &c.EstateName, &c.Community, &c.StartsOn, &c.EndsOn); err != nil {
			return nil, err
		}
		c.Current = c.StartsOn <= today && today <= c.EndsOn
		out = append(out, c)
	}
	return out, rows.Err()
}

// servingAt is the company serving estate on the day of at, if any.
func servingAt(ctx context.Context, q store.Querier, estate int64, at time.Time) (int64, bool, error) {
	var id int64
	d := day(at)
	err := q.QueryRowContext(ctx, `SELECT company_id FROM property_contracts WHERE estate_id = ? AND starts_on <= ? AND ends_on >= ?
		ORDER BY starts_on DESC LIMIT 1`, estate, d, d).Scan(&id)
	if err != nil {
		if isNoRows(err) {
			return 0, false, nil
		}
		return 0, false, err
	}
	return id, true, nil
}
