package order

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"civicgrid/internal/category"
	"civicgrid/internal/store"
)

// centreUnit names the hotline when no unit handles the order yet.
const centreUnit = "12345热线"

// publicNoteActions are the steps whose note staff write for the resident:
// a reply, a direct answer, the handling result, why a report was
// cancelled. Every other staff note — a dispatcher's
// instruction, an operator's callback record, the catalogue's routing
// remark — is internal and never leaves the engine on a public view.
var publicNoteActions = map[Action]bool{ActionReply: true, ActionAnswer: true, ActionResolve: true, ActionCancel: true}

// publicView decides once, for the track page, the API and Open311, what a
// resident sees of one event: nothing when the step is internal; else the
// step with no staff identity (unit names the handling unit) and only the
// note written for the resident or by the resident.
func publicView(e Event, unit string) (Event, bool) {
	if !e.Public {
		return Event{}, false
	}
	out := e
	out.ActorID, out.Data = 0, publicEventData(e)
	switch e.ActorRole {
	case roleResident:
		out.ActorName = "您" // their own words and photo links, as they gave them
		if urls, ok := e.Data["media_urls"]; ok {
			if out.Data == nil {
				out.Data = map[string]any{}
			}
			out.Data["media_urls"] = urls
		}
	default:
		out.ActorName = unit
		if !publicNoteActions[e.Action] {
			out.Note = ""
		}
	}
	return out, true
}

// unitWalker follows an order's timeline, oldest first, to know which unit
// had it at each step: a step that moves the order (dispatch, routing,
// return, reopen) records its level and handler in its data.
type unitWalker struct {
	ctx   context.Context
	q     store.Querier
	names map[string]string
	unit  string
}

func newUnitWalker(ctx context.Context, q store.Querier) *unitWalker {
	return &unitWalker{ctx: ctx, q: q, names: map[string]string{}, unit: centreUnit}
}

// next is the unit to name for e, which is also the unit of later steps
// until one moves the order.
func (w *unitWalker) next(e Event) (string, error) {
	level, _ := e.Data["level"].(string)
	code, _ := e.Data["handler"].(string)
	if level == "" {
		return w.unit, nil
	}
	name, err := w.name(level, code)
	if err != nil {
		return "", err
	}
	w.unit = name
	return name, nil
}

func (w *unitWalker) name(level, code string) (string, error) {
	key := level + ":" + code
	if n, ok := w.names[key]; ok {
		return n, nil
	}
	var name string
	var err error
	switch level {
	case category.LevelDepartment:
		err = w.q.QueryRowContext(w.ctx, `SELECT name FROM departments WHERE code = ?`, code).Scan(&name)
	case category.LevelStreet:
		err = w.q.QueryRowContext(w.ctx, `SELECT name FROM regions WHERE code = ?`, code).Scan(&name)
	case category.LevelGrid:
		err = w.q.QueryRowContext(w.ctx, `SELECT r.name || g.name FROM grids g JOIN regions r ON r.code = g.community_code
			WHERE g.code = ?`, code).Scan(&name)
	default:
		name = centreUnit
	}
	if errors.Is(err, sql.ErrNoRows) {
		name, err = centreUnit, nil // a unit since removed: the hotline still answers for it
	}
	if err != nil {
		return "", fmt.Errorf("order: name of %s: %w", key, err)
	}
	w.names[key] = name
	return name, nil
}

// PublicTimeline is what a resident may see of one order's timeline (all
// its events, oldest first, as Timeline returns them): the public steps,
// each named by the unit handling it, with only the notes written for the
// resident. The track page, the track API and Open311 all use it.
func (s *Service) PublicTimeline(ctx context.Context, evs []Event) ([]Event, error) {
	return publicTimeline(ctx, s.db, evs)
}

func publicTimeline(ctx context.Context, q store.Querier, evs []Event) ([]Event, error) {
	w := newUnitWalker(ctx, q)
	out := []Event{}
	for _, e := range evs {
		unit, err := w.next(e)
		if err != nil {
			return nil, err
		}
		if pe, ok := publicView(e, unit); ok {
			out = append(out, pe)
		}
	}
	return out, nil
}
