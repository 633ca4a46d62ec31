package order

import (
	"context"
	"slices"
	"time"

	"civicgrid/internal/store"
)

// mergeTargets are the statuses an order may absorb duplicates in: not
// closed, cancelled or itself merged. A merged order can never be a
// master, so masters form no chains or cycles.
var mergeTargets = []Status{StatusNew, StatusPending, StatusDispatched, StatusProcessing, StatusSuspended, StatusResolved}

// Merge (并单): a dispatcher joins the duplicate dupNumber to the master
// masterNumber, each at the version the dispatcher saw. The duplicate
// becomes merged (and closed, counted for 并单率) pointing to the master;
// duplicates merged into it before follow it to the master; its reporter
// tracks the master's progress (Track on its number). Both timelines
// record the step. It returns the master.
func (s *Service) Merge(ctx context.Context, a Actor, masterNumber string, masterVersion int, dupNumber string, dupVersion int, note string) (Order, error) {
	note, err := cleanNote("note", note, false)
	if err != nil {
		return Order{}, err
	}
	if masterNumber == dupNumber {
		return Order{}, invalid("master", "an order cannot be merged into itself")
	}
	var out Order
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		now := s.clockNow()
		var master Order
		var followers int
		_, err := s.actTx(ctx, tx, a, dupNumber, dupVersion, ActionMerge, now, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
			m, err := load(ctx, tx, masterNumber)
			if err != nil {
				return err
			}
			if !a.canSee(&m) {
				return notFound(masterNumber)
			}
			if m.Version != masterVersion {
				return stale(masterNumber, masterVersion, m.Version)
			}
			if !slices.Contains(mergeTargets, m.Status) {
				return refuse("cannot merge into %s: it is %s", m.Number, m.Status.Label())
			}
			if followers, err = mergeRows(ctx, tx, o.ID, m.ID); err != nil {
				return err
			}
			o.ClosedAt = st.now
			st.note = note
			st.data = map[string]any{"master": m.Number, "followers": followers}
			master = m
			return lapseRequests(ctx, tx, o.ID)
		})
		if err != nil {
			return err
		}
		master.Version, master.UpdatedAt = masterVersion+1, now
		if err := update(ctx, tx, &master, masterVersion); err != nil {
			return err
		}
		ev := actorEvent(a, ActionMergeIn, master.Status, master.Status, note, map[string]any{"duplicate": dupNumber, "followers": followers})
		if _, err := record(ctx, tx, &master, ev, now); err != nil {
			return err
		}
		out, err = s.view(a, master)
		return err
	})
	return out, err
}

// mergeRows points the duplicate, and the orders merged into it before,
// at the master; it returns how many earlier duplicates followed.
func mergeRows(ctx context.Context, tx *store.Tx, dupID, masterID int64) (int, error) {
	res, err := tx.ExecContext(ctx, `UPDATE orders SET merged_into = ? WHERE merged_into = ?`, masterID, dupID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE orders SET merged_into = ? WHERE id = ?`, masterID, dupID)
	return int(n), err
}

// trackMaster is what Track shows for a merged duplicate: the master's
// progress, with the duplicate's own public steps and its merge first.
func (s *Service) trackMaster(ctx context.Context, dup Tracking, dupID int64) (Tracking, error) {
	var masterID int64
	if err := s.db.QueryRowContext(ctx, `SELECT merged_into FROM orders WHERE id = ?`, dupID).Scan(&masterID); err != nil {
		return Tracking{}, err
	}
	m, err := loadByID(ctx, s.db, masterID)
	if err != nil {
		return Tracking{}, err
	}
	own, err := events(ctx, s.db, dupID, false)
	if err != nil {
		return Tracking{}, err
	}
	var mergedAt time.Time
	out := dup
	out.Events = nil
	w := newUnitWalker(ctx, s.db)
	for _, e := range own {
		unit, err := w.next(e)
		if err != nil {
			return Tracking{}, err
		}
		if e.Action == ActionMerge {
			// The dispatcher's note is internal; the resident is told where
			// the request went.
			mergedAt = e.At
			out.Events = append(out.Events, Event{Seq: e.Seq, At: e.At, ActorName: unit, ActorRole: e.ActorRole,
				Action: e.Action, From: e.From, To: e.To, Public: true, Note: "您的诉求已并入工单 " + m.Number + " 合并办理"})
			continue
		}
		if pe, ok := publicView(e, unit); ok {
			out.Events = append(out.Events, pe)
		}
	}
	// The master's steps from the merge on: after its first merge_in at
	// or after the duplicate's merge (by sequence, as steps of one
	// millisecond share their time).
	later, err := events(ctx, s.db, m.ID, false)
	if err != nil {
		return Tracking{}, err
	}
	joined := false
	w = newUnitWalker(ctx, s.db)
	for _, e := range later {
		unit, err := w.next(e)
		if err != nil {
			return Tracking{}, err
		}
		if !joined {
			joined = e.Action == ActionMergeIn && !e.At.Before(mergedAt)
			continue
		}
		if pe, ok := publicView(e, unit); ok {
			pe.Data = nil // the master's ratings are not this resident's
			out.Events = append(out.Events, pe)
		}
	}
	out.MergedInto, out.Status = m.Number, m.Status
	out.ResolveDueAt, out.ResolvedAt, out.ClosedAt = m.ResolveDueAt, m.ResolvedAt, m.ClosedAt
	return out, nil
}
