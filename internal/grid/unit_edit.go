package grid

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"civicgrid/internal/geo"
	"civicgrid/internal/store"
)

// RenameUnit renames a live unit in the editor's scope, audited. Standard
// addresses already given out keep their unit number until edited (an
// address does not change under the orders and people that name it).
func RenameUnit(ctx context.Context, q store.Querier, ed Editor, code, name string) (Unit, error) {
	u, err := GetUnit(ctx, q, code)
	if err == nil {
		err = ed.CheckRegister("unit", code)
	}
	if err != nil {
		return Unit{}, err
	}
	if u.Retired {
		return Unit{}, fmt.Errorf("%w: unit %s is retired", ErrInvalid, code)
	}
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > geo.MaxNameLen {
		return Unit{}, fmt.Errorf("%w: unit name must be 1 to %d characters", ErrInvalid, geo.MaxNameLen)
	}
	if _, err := q.ExecContext(ctx, `UPDATE units SET name = ? WHERE code = ?`, name, code); err != nil {
		return Unit{}, err
	}
	if err := ed.Actor.Record(ctx, q, ed.At(), "unit.rename", "unit:"+code, u.Name+" → "+name); err != nil {
		return Unit{}, err
	}
	return GetUnit(ctx, q, code)
}
