package order

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// writeNewOrder writes a new order's row, its first events (numbered from
// 1) and their outbox rows. On PostgreSQL, where allocateOrder drew the
// order's id with its number, the three INSERTs go as one statement of
// data-modifying CTEs: one round trip instead of three (each costs both
// processes a system call and a wake-up; intake was round-trip bound).
// SQLite has no such CTEs and no round trips: its id comes back from the
// order's INSERT, and the events follow as recordAllAs writes them.
func writeNewOrder(ctx context.Context, tx *store.Tx, o *Order, key string, evs []Event, at time.Time) error {
	ins, args, err := orderInsert(o, key, tx.Dialect() == store.Postgres)
	if err != nil {
		return err
	}
	if tx.Dialect() != store.Postgres {
		if err := tx.QueryRowContext(ctx, ins+` RETURNING id`, args...).Scan(&o.ID); err != nil {
			return fmt.Errorf("order: insert: %w", err)
		}
		return recordAllAs(ctx, tx, o, evs, at, 1)
	}
	w, err := eventRows(o, evs, at, 1)
	if err != nil {
		return err
	}
	// The foreign keys of the events are checked at the end of the
	// statement, when the order row is there.
	q := `WITH new_order AS (` + ins + `), new_events AS (` + w.events + `) ` + w.outbox
	args = append(append(args, w.eventArgs...), w.outboxArgs...)
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("order: insert: %w", err)
	}
	return nil
}

// orderInsert is the INSERT of o's row, with its id when withID (drawn
// beforehand on PostgreSQL), else for the store to assign.
func orderInsert(o *Order, key string, withID bool) (string, []any, error) {
	attrs, err := json.Marshal(o.Attributes)
	if err != nil {
		return "", nil, err
	}
	var lng, lat sql.NullFloat64
	if o.Point != nil {
		lng, lat = sql.NullFloat64{Float64: o.Point.Lng, Valid: true}, sql.NullFloat64{Float64: o.Point.Lat, Valid: true}
	}
	args := []any{o.Number, o.Channel, string(o.Status), o.Category, o.CategoryVersion, o.Kind, o.Urgency,
		int64(o.Limits.Reply / time.Minute), o.Limits.ResolveWorkingDays, int64(o.Limits.ResolveWithin / time.Minute),
		o.Description, string(attrs), lng, lat, o.Address, o.GridCode, o.CommunityCode, o.StreetCode, o.DistrictCode,
		o.sealedName, o.sealedPhone, o.phoneBlind, o.phoneLast4, o.sealedEmail, o.Confidential, o.Level, o.HandlerCode,
		store.Millis(o.ReceivedAt), store.Millis(o.ReplyDueAt), store.Millis(o.ResolveDueAt), store.Millis(o.DispatchedAt),
		nullable(key), o.requestHash, sql.NullInt64{Int64: o.createdBy, Valid: o.createdBy != 0}, o.Version,
		store.Millis(o.CreatedAt), store.Millis(o.UpdatedAt), o.NotifyResident, o.FacilityCode, o.DemandType}
	idCol, idMark := "", ""
	if withID {
		idCol, idMark = "id, ", "?, "
		args = append([]any{o.ID}, args...)
	}
	return `INSERT INTO orders (` + idCol + `number, channel, status, category_code, category_version, kind,
		urgency, reply_minutes, resolve_days, resolve_minutes, description, attributes, lng, lat, address, grid_code,
		community_code, street_code, district_code, reporter_name, reporter_phone, reporter_phone_blind,
		reporter_phone_last4, reporter_email, confidential, handler_level, handler_code, received_at, reply_due_at, resolve_due_at,
		dispatched_at, idempotency_key, request_hash, created_by, version, created_at, updated_at, notify_resident, facility_code, demand_type)
		VALUES (` + idMark + `?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		args, nil
}
