package people

import (
	"context"
	"fmt"
	"strings"

	"civicgrid/internal/address"
	"civicgrid/internal/store"
)

// 与户主关系 (relation to the head of the household), after GB/T 4761.
const RelationHead = "head" // 户主

// RelationLabels are the relations with their Chinese names, in order.
var RelationLabels = []struct{ Code, Label string }{
	{RelationHead, "户主"}, {"spouse", "配偶"}, {"son", "子"}, {"daughter", "女"}, {"parent", "父母"},
	{"grandchild", "孙子女"}, {"grandparent", "祖父母"}, {"sibling", "兄弟姐妹"}, {"in_law", "儿媳/女婿"}, {"other", "其他"},
}

// Member is one person of a household with their relation to the head.
type Member struct {
	PersonID int64
	Relation string
}

// Household is a 户 with its members (masked), head first.
type Household struct {
	ID            int64
	CommunityCode string
	GridCode      string
	HouseID       int64
	Members       []Person
}

// CreateHousehold registers a household: exactly one member is the head
// (户主), nobody is listed twice, everyone is in the actor's scope and in
// no other household. The household sits at the head's house.
func (s *Service) CreateHousehold(ctx context.Context, a Actor, members []Member) (Household, error) {
	if err := a.need(editRoles, "register households"); err != nil {
		return Household{}, err
	}
	heads, seen := 0, map[int64]bool{}
	for i := range members {
		m := &members[i]
		rel, err := parseLabel("relation", m.Relation, RelationLabels, "")
		if err != nil {
			return Household{}, err
		}
		m.Relation = rel
		if seen[m.PersonID] {
			return Household{}, fieldErr("members", "同一人在户内出现两次（人员 %d） (a person is listed twice in one household)", m.PersonID)
		}
		seen[m.PersonID] = true
		if rel == RelationHead {
			heads++
		}
	}
	if heads != 1 {
		return Household{}, fieldErr("members", "一户须有且只有一名户主，现有%d名 (a household has exactly one head)", heads)
	}
	var h Household
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var head Person
		for _, m := range members {
			p, err := s.get(ctx, tx, a, m.PersonID, false)
			if err != nil {
				return err
			}
			if p.HouseholdID != 0 {
				return fmt.Errorf("%w: 人员 %d 已属于户 %d (already in a household)", ErrConflict, p.ID, p.HouseholdID)
			}
			if m.Relation == RelationHead {
				head = p
			}
		}
		now := s.now()
		ms := store.Millis(now)
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO households (community_code, grid_code, house_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, head.CommunityCode, head.GridCode, nullID(head.HouseID), ms, ms).Scan(&id); err != nil {
			return err
		}
		for _, m := range members {
			_, err := tx.ExecContext(ctx, `INSERT INTO household_members (household_id, person_id, relation) VALUES (?, ?, ?)`, id, m.PersonID, m.Relation)
			if store.IsUniqueViolation(err) {
				return fmt.Errorf("%w: 人员 %d 已属于其他户 (already in a household)", ErrConflict, m.PersonID)
			}
			if err != nil {
				return err
			}
		}
		if err := a.Audit.Record(ctx, tx, now, "household.create", fmt.Sprintf("household:%d", id), fmt.Sprintf("%d members", len(members))); err != nil {
			return err
		}
		var err error
		h, err = s.household(ctx, tx, a, id)
		return err
	})
	return h, err
}

// Household returns a household in scope with its members, head first.
func (s *Service) Household(ctx context.Context, a Actor, id int64) (Household, error) {
	return s.household(ctx, s.db, a, id)
}

func (s *Service) household(ctx context.Context, q store.Querier, a Actor, id int64) (Household, error) {
	if err := a.need(nameRoles, "see households"); err != nil {
		return Household{}, err
	}
	where, args := a.scopeWhere()
	args = append([]any{id}, args...)
	ps, err := s.query(ctx, q, `SELECT `+personColumns+personFrom+` WHERE m.household_id = ? AND `+where+`
		ORDER BY CASE WHEN m.relation = 'head' THEN 0 ELSE 1 END, p.id`, args...)
	if err != nil {
		return Household{}, err
	}
	if len(ps) == 0 {
		return Household{}, notFound("household %d", id)
	}
	return Household{ID: id, CommunityCode: ps[0].CommunityCode, GridCode: ps[0].GridCode, HouseID: ps[0].HouseID, Members: ps}, nil
}

// Owner is one owner of a house; ShareBP is the share in basis points
// (10000 = the whole house), 0 when not recorded.
type Owner struct {
	HouseID  int64
	PersonID int64
	ShareBP  int
}

// SetOwners replaces the owners of a house in the actor's scope. Owners
// are people of the register (anywhere the actor sees: an owner need not
// live there); shares, when given, add up to at most 10000.
func (s *Service) SetOwners(ctx context.Context, a Actor, houseID int64, owners []Owner) error {
	if err := a.need(editRoles, "record house owners"); err != nil {
		return err
	}
	total, seen := 0, map[int64]bool{}
	for _, o := range owners {
		if seen[o.PersonID] {
			return fieldErr("owners", "同一业主出现两次（人员 %d） (an owner is listed twice)", o.PersonID)
		}
		seen[o.PersonID] = true
		if o.ShareBP < 0 || o.ShareBP > 10000 {
			return fieldErr("owners", "份额应在0至100%%之间 (a share is 0 to 100%%)")
		}
		total += o.ShareBP
	}
	if total > 10000 {
		return fieldErr("owners", "份额合计超过100%% (the shares add up to more than 100%%)")
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		h, err := address.GetHouse(ctx, tx, a.Scope, houseID)
		if err != nil || !a.covers(h.GridCode, h.BuildingCode, h.UnitCode) {
			return notFound("house %d", houseID)
		}
		for _, o := range owners {
			if _, err := s.get(ctx, tx, a, o.PersonID, false); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM house_owners WHERE house_id = ?`, houseID); err != nil {
			return err
		}
		var ids []string
		for _, o := range owners {
			if _, err := tx.ExecContext(ctx, `INSERT INTO house_owners (house_id, person_id, share_bp) VALUES (?, ?, ?)`, houseID, o.PersonID, o.ShareBP); err != nil {
				return err
			}
			ids = append(ids, fmt.Sprint(o.PersonID))
		}
		return a.Audit.Record(ctx, tx, s.now(), "house.owners", fmt.Sprintf("house:%d", houseID), "people "+strings.Join(ids, ","))
	})
}

// OwnersOf returns the owners of the given houses, by house id, each list
// by person id. It applies no scope: it is for trusted callers (owner
// ballots count the owners of houses already in their scope) and returns
// ids and shares only, no personal data.
func OwnersOf(ctx context.Context, q store.Querier, houseIDs []int64) (map[int64][]Owner, error) {
	out := map[int64][]Owner{}
	for len(houseIDs) > 0 {
		n := min(len(houseIDs), 500)
		args := make([]any, n)
		for i, id := range houseIDs[:n] {
			args[i] = id
		}
		houseIDs = houseIDs[n:]
		rows, err := q.QueryContext(ctx, `SELECT house_id, person_id, share_bp FROM house_owners WHERE house_id IN (`+marks(n)+`)
			ORDER BY house_id, person_id`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var o Owner
			if err := rows.Scan(&o.HouseID, &o.PersonID, &o.ShareBP); err != nil {
				rows.Close()
				return nil, err
			}
			out[o.HouseID] = append(out[o.HouseID], o)
		}
		err = rows.Err()
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// HousesOwnedBy lists the ids of the houses a person in scope owns.
func (s *Service) HousesOwnedBy(ctx context.Context, a Actor, personID int64) ([]Owner, error) {
	if _, err := s.get(ctx, s.db, a, personID, false); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT house_id, person_id, share_bp FROM house_owners WHERE person_id = ? ORDER BY house_id`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Owner
	for rows.Next() {
		var o Owner
		if err := rows.Scan(&o.HouseID, &o.PersonID, &o.ShareBP); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Owners lists the owners of a house in the actor's scope (ids and shares).
func (s *Service) Owners(ctx context.Context, a Actor, houseID int64) ([]Owner, error) {
	if err := a.need(nameRoles, "see house owners"); err != nil {
		return nil, err
	}
	h, err := address.GetHouse(ctx, s.db, a.Scope, houseID)
	if err != nil || !a.covers(h.GridCode, h.BuildingCode, h.UnitCode) {
		return nil, notFound("house %d", houseID)
	}
	m, err := OwnersOf(ctx, s.db, []int64{houseID})
	return m[houseID], err
}
