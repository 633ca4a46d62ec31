package order

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// routeByCatalogue dispatches a pending order where its category's route
// says (the ladder is the default, not a cage): to the order's grid, its
// street, or a named department. A patrol find stays with the grid that
// found it unless the catalogue names a department. Route "centre", or a
// department that does not exist here or is retired, leaves the order
// pending for a dispatcher. It returns the system event to record, or nil.
func (s *Service) routeByCatalogue(ctx context.Context, q store.Querier, o *Order, route category.Route, patrol bool, now time.Time) (*Event, error) {
	level, code := "", ""
	switch {
	case route.Level == category.LevelDepartment:
		if d, err := org.GetDepartment(ctx, q, route.Department); errors.Is(err, org.ErrNotFound) || (err == nil && !d.RetiredAt.IsZero()) {
			return nil, nil // unknown or retired (撤销): a dispatcher decides
		} else if err != nil {
			return nil, err
		}
		level, code = category.LevelDepartment, route.Department
	case patrol || route.Level == category.LevelGrid:
		level, code = category.LevelGrid, o.GridCode
		if code == "" { // only the community is known: the street takes it
			level, code = category.LevelStreet, o.StreetCode
		}
	case route.Level == category.LevelStreet:
		level, code = category.LevelStreet, o.StreetCode
	default:
		return nil, nil
	}
	from := o.Status
	o.Status, o.Level, o.HandlerCode, o.DispatchedAt, o.SignedAt = StatusDispatched, level, code, now, time.Time{}
	e := systemEvent(ActionDispatch, from, o.Status, "按派单目录自动派遣 routed by the catalogue ("+route.String()+")",
		map[string]any{"level": level, "handler": code, "auto": true})
	return &e, nil
}

// Target is where a dispatcher sends an order.
type Target struct {
	Level string // grid, street or department
	// Code is the department for Level department. For grid and street it
	// may be left empty: an order goes to its own grid or street (to move
	// it elsewhere, correct its location).
	Code       string
	CoHandlers []string // co-handling departments (协办), Level department only
}

const maxCoHandlers = 10

// checkTarget validates t for o and a and returns it complete.
func checkTarget(ctx context.Context, q store.Querier, a Actor, o *Order, t Target) (Target, error) {
	t.Code = strings.TrimSpace(t.Code)
	own := o.LadderTarget(t.Level)
	switch t.Level {
	case category.LevelGrid:
		if own == "" {
			return t, invalid("target.level", "order %s has no grid (only its community is known): send it to the street", o.Number)
		}
	case category.LevelStreet:
	case category.LevelDepartment:
		if err := checkDepartment(ctx, q, a, "target.code", t.Code); err != nil {
			return t, err
		}
	default:
		return t, invalid("target.level", "%q: want grid, street or department", t.Level)
	}
	if own != "" {
		if t.Code != "" && t.Code != own {
			return t, invalid("target.code", "order %s lies in %s %s, not %s; correct its location to move it", o.Number, t.Level, own, t.Code)
		}
		t.Code = own
		if len(t.CoHandlers) > 0 {
			return t, invalid("target.co_handlers", "co-handlers go with a lead department")
		}
	}
	if len(t.CoHandlers) > maxCoHandlers {
		return t, invalid("target.co_handlers", "at most %d", maxCoHandlers)
	}
	var co []string
	for i, c := range t.CoHandlers {
		c = strings.TrimSpace(c)
		field := fmt.Sprintf("target.co_handlers[%d]", i)
		if c == t.Code || slices.Contains(co, c) {
			return t, invalid(field, "%q is named twice (co-handlers differ from the lead and each other)", c)
		}
		if err := checkDepartment(ctx, q, a, field, c); err != nil {
			return t, err
		}
		co = append(co, c)
	}
	slices.Sort(co)
	t.CoHandlers = co
	return t, nil
}

// checkDepartment accepts a department in service serving a region
// inside the dispatcher's scope or above it (a district centre dispatches
// to the city's departments too).
func checkDepartment(ctx context.Context, q store.Querier, a Actor, field, code string) error {
	d, err := org.GetDepartment(ctx, q, code)
	if errors.Is(err, org.ErrNotFound) {
		return invalid(field, "department %q not found", code)
	}
	if err != nil {
		return err
	}
	if !d.RetiredAt.IsZero() {
		return invalid(field, "department %q is retired", code)
	}
	prefix := a.Scope.RegionPrefix()
	if prefix == "" || !(a.Scope.CoversRegion(d.RegionCode) || strings.HasPrefix(prefix, d.RegionCode)) {
		return invalid(field, "department %q does not serve your area", code)
	}
	return nil
}

// setCoHandlers makes codes the current co-handlers: rows no longer named
// are marked removed (never deleted), new ones added.
func setCoHandlers(ctx context.Context, tx *store.Tx, o *Order, codes []string, now time.Time) error {
	for _, c := range o.CoHandlers {
		if slices.Contains(codes, c) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE order_co_handlers SET removed_at = ?
			WHERE order_id = ? AND department_code = ? AND removed_at = 0`, store.Millis(now), o.ID, c); err != nil {
			return fmt.Errorf("order: remove co-handler: %w", err)
		}
	}
	for _, c := range codes {
		if slices.Contains(o.CoHandlers, c) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO order_co_handlers (order_id, department_code, added_at) VALUES (?, ?, ?)`,
			o.ID, c, store.Millis(now)); err != nil {
			return fmt.Errorf("order: add co-handler: %w", err)
		}
	}
	o.CoHandlers = append([]string{}, codes...)
	return nil
}

// LadderTarget is where the order goes when sent to a rung of the ladder:
// its own grid for "grid", its own street for "street"; "" for any other
// level, or when the order has no such place (only its community known).
// A dispatch form names it before the dispatcher sends.
func (o Order) LadderTarget(level string) string {
	switch level {
	case category.LevelGrid:
		return o.GridCode
	case category.LevelStreet:
		return o.StreetCode
	}
	return ""
}
