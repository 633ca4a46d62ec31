package consultation

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// Suggestion is what an owner wrote on a ballot, and what became of it.
// It names no house: suggestions are shown without who wrote them.
type Suggestion struct {
	BallotID     int64
	Text         string
	WorkItemID   int64
	WorkItemName string
	OrderID      int64
	OrderNumber  string
}

// Adopted reports whether the suggestion became a work item or an order.
func (s Suggestion) Adopted() bool { return s.WorkItemID != 0 || s.OrderID != 0 }

func suggestions(ctx context.Context, q store.Querier, id int64, adoptedOnly bool) ([]Suggestion, error) {
	where := ""
	if adoptedOnly {
		where = ` AND (b.adopted_work_item_id IS NOT NULL OR b.adopted_order_id IS NOT NULL)`
	}
	rows, err := q.QueryContext(ctx, `SELECT b.id, b.suggestion, COALESCE(b.adopted_work_item_id, 0), COALESCE(w.name, ''), COALESCE(b.adopted_order_id, 0), COALESCE(o.number, '')
		FROM consultation_ballots b LEFT JOIN project_work_items w ON w.id = b.adopted_work_item_id
		LEFT JOIN orders o ON o.id = b.adopted_order_id
		WHERE b.consultation_id = ? AND b.suggestion <> ''`+where+` ORDER BY b.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Suggestion
	for rows.Next() {
		var s Suggestion
		if err := rows.Scan(&s.BallotID, &s.Text, &s.WorkItemID, &s.WorkItemName, &s.OrderID, &s.OrderNumber); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Suggestions lists every suggestion typed on a consultation's ballots,
// for the staff who run it.
func Suggestions(ctx context.Context, q store.Querier, ed grid.Editor, id int64) ([]Suggestion, error) {
	if err := mayRun(ed); err != nil {
		return nil, err
	}
	if _, err := Get(ctx, q, ed.Scope, id); err != nil {
		return nil, err
	}
	return suggestions(ctx, q, id, false)
}

func suggestionBallot(ctx context.Context, q store.Querier, ed grid.Editor, id, ballotID int64) (Consultation, Ballot, error) {
	if err := mayRun(ed); err != nil {
		return Consultation{}, Ballot{}, err
	}
	c, err := Get(ctx, q, ed.Scope, id)
	if err != nil {
		return Consultation{}, Ballot{}, err
	}
	b, err := scanBallot(q.QueryRowContext(ctx, `SELECT `+ballotCols+` FROM consultation_ballots WHERE id = ? AND consultation_id = ?`, ballotID, id))
	if store.IsNoRows(err) {
		return Consultation{}, Ballot{}, notFound("ballot %d", ballotID)
	}
	if err != nil {
		return Consultation{}, Ballot{}, err
	}
	if b.Suggestion == "" {
		return Consultation{}, Ballot{}, invalid("ballot %d carries no suggestion — 该表决票没有意见建议", ballotID)
	}
	return c, b, nil
}

// AdoptAsWorkItem takes a suggestion up as a work item of the catalogue
// into the consultation's project (added to its work items if missing).
func AdoptAsWorkItem(ctx context.Context, q store.Querier, ed grid.Editor, id, ballotID, workItemID int64, now time.Time) error {
	c, b, err := suggestionBallot(ctx, q, ed, id, ballotID)
	if err != nil {
		return err
	}
	var one int
	if err := q.QueryRowContext(ctx, `SELECT 1 FROM project_work_items WHERE id = ? AND retired_at IS NULL`, workItemID).Scan(&one); store.IsNoRows(err) {
		return invalid("work item %d is not in the catalogue — 改造内容不在目录中", workItemID)
	} else if err != nil {
		return err
	}
	err = q.QueryRowContext(ctx, `SELECT 1 FROM project_work WHERE project_id = ? AND work_item_id = ?`, c.ProjectID, workItemID).Scan(&one)
	if store.IsNoRows(err) {
		if _, err := q.ExecContext(ctx, `INSERT INTO project_work (project_id, work_item_id) VALUES (?, ?)`, c.ProjectID, workItemID); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `UPDATE consultation_ballots SET adopted_work_item_id = ? WHERE id = ?`, workItemID, b.ID); err != nil {
		return err
	}
	return ed.Actor.Record(ctx, q, now, "consultation.adopt", fmt.Sprintf("consultation:%d", id), fmt.Sprintf("ballot %d → work item %d", b.ID, workItemID))
}

// AdoptAsOrder records that a suggestion was filed as a work order (the
// order itself is filed through the order service).
func AdoptAsOrder(ctx context.Context, q store.Querier, ed grid.Editor, id, ballotID, orderID int64, now time.Time) error {
	_, b, err := suggestionBallot(ctx, q, ed, id, ballotID)
	if err != nil {
		return err
	}
	var one int
	if err := q.QueryRowContext(ctx, `SELECT 1 FROM orders WHERE id = ?`, orderID).Scan(&one); store.IsNoRows(err) {
		return notFound("order %d", orderID)
	} else if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `UPDATE consultation_ballots SET adopted_order_id = ? WHERE id = ?`, orderID, b.ID); err != nil {
		return err
	}
	return ed.Actor.Record(ctx, q, now, "consultation.adopt", fmt.Sprintf("consultation:%d", id), fmt.Sprintf("ballot %d → order %d", b.ID, orderID))
}

// ToFile is a suggestion about to be filed as a work order: the
// consultation it came from and the owner's words (never the house).
type ToFile struct {
	Consultation Consultation
	BallotID     int64
	Text         string
}

// SuggestionToFile checks that a suggestion may be filed as a work order —
// staff in scope, the ballot carries one, and it was not filed already
// (a second order for the same words is a duplicate) — and returns it.
// The caller files the order and, in the order's transaction,
// AdoptAsOrder links it.
func SuggestionToFile(ctx context.Context, q store.Querier, ed grid.Editor, id, ballotID int64) (ToFile, error) {
	c, b, err := suggestionBallot(ctx, q, ed, id, ballotID)
	if err != nil {
		return ToFile{}, err
	}
	var filed int64
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(adopted_order_id, 0) FROM consultation_ballots WHERE id = ?`, b.ID).Scan(&filed); err != nil {
		return ToFile{}, err
	}
	if filed != 0 {
		return ToFile{}, conflict("the suggestion was filed as an order already — 该建议已立为工单")
	}
	return ToFile{Consultation: c, BallotID: b.ID, Text: b.Suggestion}, nil
}
