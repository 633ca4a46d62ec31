package people

import (
	"context"
	"fmt"

	"civicgrid/internal/store"
)

// AddToHousehold puts a person of the actor's scope into an existing
// household with a relation to its head. A second 户主, a person already
// in this or another household, or a household out of scope is refused
// and nothing changes.
func (s *Service) AddToHousehold(ctx context.Context, a Actor, householdID int64, m Member) (Household, error) {
	if err := a.need(editRoles, "change households"); err != nil {
		return Household{}, err
	}
	rel, err := parseLabel("relation", m.Relation, RelationLabels, "")
	if err != nil {
		return Household{}, err
	}
	if rel == RelationHead {
		return Household{}, fieldErr("relation", "一户只能有一名户主；请先登记新户或更换户主 (a household has one head already)")
	}
	var h Household
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		old, err := s.household(ctx, tx, a, householdID)
		if err != nil {
			return err
		}
		p, err := s.get(ctx, tx, a, m.PersonID, false)
		if err != nil {
			return err
		}
		if p.HouseholdID == householdID {
			return fieldErr("members", "同一人在户内出现两次（人员 %d） (a person is listed twice in one household)", p.ID)
		}
		if p.HouseholdID != 0 {
			return fmt.Errorf("%w: 人员 %d 已属于户 %d (already in a household)", ErrConflict, p.ID, p.HouseholdID)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO household_members (household_id, person_id, relation) VALUES (?, ?, ?)`, old.ID, p.ID, rel)
		if store.IsUniqueViolation(err) {
			return fmt.Errorf("%w: 人员 %d 已属于其他户 (already in a household)", ErrConflict, p.ID)
		}
		if err != nil {
			return err
		}
		if err := a.Audit.Record(ctx, tx, s.now(), "household.add", fmt.Sprintf("household:%d", old.ID), fmt.Sprintf("person %d as %s", p.ID, rel)); err != nil {
			return err
		}
		h, err = s.household(ctx, tx, a, old.ID)
		return err
	})
	return h, err
}

// RemoveFromHousehold takes a member out of a household (moved away,
// split off into a household of their own). The 户主 stays while others
// remain: the household names a new head by being registered anew.
// Removing the last member ends the household (its row stays for the
// audit trail; it lists no members and is not found again).
func (s *Service) RemoveFromHousehold(ctx context.Context, a Actor, householdID, personID int64) error {
	if err := a.need(editRoles, "change households"); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		h, err := s.household(ctx, tx, a, householdID)
		if err != nil {
			return err
		}
		var member *Person
		for i := range h.Members {
			if h.Members[i].ID == personID {
				member = &h.Members[i]
			}
		}
		if member == nil {
			return notFound("person %d in household %d", personID, householdID)
		}
		if member.Relation == RelationHead && len(h.Members) > 1 {
			return fmt.Errorf("%w: 户主不能先于其他成员移出 (the head leaves last)", ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM household_members WHERE household_id = ? AND person_id = ?`, householdID, personID); err != nil {
			return err
		}
		return a.Audit.Record(ctx, tx, s.now(), "household.remove", fmt.Sprintf("household:%d", householdID), fmt.Sprintf("person %d", personID))
	})
}

// RelationName is the Chinese name of a relation code (户主, 配偶 …).
func RelationName(code string) string {
	if l, ok := labelOf(code, RelationLabels); ok {
		return l
	}
	return code
}
