package party

import (
	"context"
	"time"

	"civicgrid/internal/store"
)

// Unit is a sending unit (报到单位) with its paired community (结对共建).
type Unit struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	Kind       string    `json:"kind"`
	PairedCode string    `json:"paired_code,omitempty"`
	PairedName string    `json:"paired_name,omitempty"`
	Members    int       `json:"members"`
	CreatedAt  time.Time `json:"created_at"`
}

// UnitInput is a new unit.
type UnitInput struct {
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	PairedCode string `json:"paired_code"`
}

// AddUnit registers a unit of the district and the community it is paired
// with. The district registers units (the 组织部 pairs them), so an admin.
func (s *Service) AddUnit(ctx context.Context, a Actor, in UnitInput) (Unit, error) {
	if err := a.need(unitRoles, "register units"); err != nil {
		return Unit{}, err
	}
	name, err := clean("unit", in.Name, 2, 60, true)
	if err != nil {
		return Unit{}, err
	}
	kind, ok := lookup(UnitKinds, in.Kind)
	if !ok {
		return Unit{}, invalid("kind %q: want one of %s — 单位类型不对", in.Kind, codes(UnitKinds))
	}
	var id int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		comm, err := community(ctx, tx, in.PairedCode)
		if err != nil {
			return err
		}
		if !a.Scope.CoversRegion(comm.Code) {
			return notFound("community", comm.Code)
		}
		now := s.now()
		err = tx.QueryRowContext(ctx, `INSERT INTO party_units (name, kind, paired_community_code, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			name, kind.Code, comm.Code, store.Millis(now)).Scan(&id)
		if store.IsUniqueViolation(err) {
			return conflict("unit %s is registered already — 单位“%s”已登记", name, name)
		}
		if err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "party.unit", target("unit", id), name+" → "+comm.Name)
	})
	if err != nil {
		return Unit{}, err
	}
	units, err := s.units(ctx, `u.id = ?`, id)
	if err != nil || len(units) == 0 {
		return Unit{}, err
	}
	return units[0], nil
}

// Units lists the district's units: every reader sees them all, since a
// community registers members who live there but work in a unit paired
// with another community (a unit's name and pairing are not personal).
func (s *Service) Units(ctx context.Context, a Actor) ([]Unit, error) {
	if _, err := a.listPrefix(""); err != nil {
		return nil, err
	}
	return s.units(ctx, `u.id > ?`, 0)
}

func (s *Service) units(ctx context.Context, where string, arg any) ([]Unit, error) {
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT u.id, u.name, u.kind, u.paired_community_code, COALESCE(r.name, ''), u.created_at,
		(SELECT COUNT(*) FROM party_members m WHERE m.unit_id = u.id)
		FROM party_units u LEFT JOIN regions r ON r.code = u.paired_community_code WHERE `+where+` ORDER BY u.name`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		var u Unit
		var created int64
		if err := rows.Scan(&u.ID, &u.Name, &u.Kind, &u.PairedCode, &u.PairedName, &created, &u.Members); err != nil {
			return nil, err
		}
		u.CreatedAt = store.Time(created)
		out = append(out, u)
	}
	return out, rows.Err()
}
