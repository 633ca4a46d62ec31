package care

import (
	"context"
	"fmt"
	"slices"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// Group kinds: 关爱对象 and 重点人群.
const (
	KindCare    = "care"
	KindSpecial = "special"
)

// Group is one care group with its visit plan: a member is due a visit
// FrequencyDays after the last one (or after enrolment). Granted lists
// the roles an admin allowed to see its members by name.
type Group struct {
	Code          string
	Kind          string
	NameZh        string
	NameEn        string
	FrequencyDays int
	Granted       []string
}

// Name is the group's name in a language ("zh" or "en").
func (g Group) Name(lang string) string {
	if lang == "en" {
		return g.NameEn
	}
	return g.NameZh
}

// Groups lists the catalogue in its order, with each group's grants.
// Anyone may read it: it names groups, not people.
func (s *Service) Groups(ctx context.Context) ([]Group, error) {
	return groups(ctx, s.DB)
}

func groups(ctx context.Context, q store.Querier) ([]Group, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, kind, name_zh, name_en, frequency_days FROM care_groups ORDER BY sort`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Group
	for rows.Next() {
		var g Group
		if err := rows.Scan(&g.Code, &g.Kind, &g.NameZh, &g.NameEn, &g.FrequencyDays); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	grants, err := q.QueryContext(ctx, `SELECT group_code, role FROM care_grants ORDER BY role`)
	if err != nil {
		return nil, err
	}
	defer grants.Close()
	for grants.Next() {
		var code, role string
		if err := grants.Scan(&code, &role); err != nil {
			return nil, err
		}
		if i := slices.IndexFunc(out, func(g Group) bool { return g.Code == code }); i >= 0 {
			out[i].Granted = append(out[i].Granted, role)
		}
	}
	return out, grants.Err()
}

// Group returns one group by code.
func (s *Service) Group(ctx context.Context, code string) (Group, error) {
	gs, err := s.Groups(ctx)
	if err != nil {
		return Group{}, err
	}
	for _, g := range gs {
		if g.Code == code {
			return g, nil
		}
	}
	return Group{}, notFound("care group %q", code)
}

// SetFrequency changes a group's visit plan (admin only): every member's
// next due date follows at once, since it is computed from the plan.
func (s *Service) SetFrequency(ctx context.Context, a Actor, code string, days int) (Group, error) {
	if !MayPlan(a.User.Role) {
		return Group{}, forbidden("only an admin sets visit plans")
	}
	if days < 1 || days > 366 {
		return Group{}, invalid("走访频次应为1至366天 (frequency: 1 to 366 days)")
	}
	now := s.now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE care_groups SET frequency_days = ?, updated_at = ? WHERE code = ?`, days, store.Millis(now), code)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return notFound("care group %q", code)
		}
		return a.audit().Record(ctx, tx, now, "care.plan", "care_group:"+code, fmt.Sprintf("every %d days", days))
	})
	if err != nil {
		return Group{}, err
	}
	return s.Group(ctx, code)
}

// Grant lets a role see a group's members by name within the role's own
// scope (admin only); revoke takes it back. The keepers (community and
// grid) see every group already and need no grant.
func (s *Service) Grant(ctx context.Context, a Actor, code, role string, revoke bool) (Group, error) {
	if !MayPlan(a.User.Role) {
		return Group{}, forbidden("only an admin grants access to care groups")
	}
	if !auth.IsRole(role) || MayKeep(role) {
		return Group{}, invalid("角色 %q 无法授权（社区和网格员本已可见） (unknown role, or one that sees members already)", role)
	}
	now := s.now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM care_groups WHERE code = ?`, code).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return notFound("care group %q", code)
		}
		action := "care.grant"
		if revoke {
			action = "care.revoke"
			if _, err := tx.ExecContext(ctx, `DELETE FROM care_grants WHERE group_code = ? AND role = ?`, code, role); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `INSERT INTO care_grants (group_code, role, granted_by, granted_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (group_code, role) DO NOTHING`, code, role, a.User.ID, store.Millis(now)); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, action, "care_group:"+code, role)
	})
	if err != nil {
		return Group{}, err
	}
	return s.Group(ctx, code)
}
