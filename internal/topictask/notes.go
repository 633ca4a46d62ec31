package topictask

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/store"
)

// Note is a progress report or the closure.
type Note struct {
	Kind string // progress, closed
	Text string
	By   string
	At   time.Time
}

// LinkedOrder is one of a task's orders as its list shows it.
type LinkedOrder struct {
	Number, Status, Category, CommunityCode string
	ReceivedAt                              time.Time
}

func noteText(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > maxNote {
		return "", invalid("text: give 1–%d characters — 请填写进展或办理结果（不超过%d字）", maxNote, maxNote)
	}
	return s, nil
}

func addNote(ctx context.Context, q store.Querier, a Actor, t Task, kind, text string, now time.Time) error {
	name := a.User.DisplayName
	if name == "" {
		name = a.User.Username
	}
	_, err := q.ExecContext(ctx, `INSERT INTO topic_task_notes (task_id, kind, text, by_name, by_user, at) VALUES (?, ?, ?, ?, ?, ?)`,
		t.ID, kind, text, name, a.User.ID, store.Millis(now))
	return err
}

// Progress records how the work goes (the lead department, or the issuer
// for it), audited.
func Progress(ctx context.Context, q store.Querier, a Actor, id int64, text string, now time.Time) error {
	t, err := Get(ctx, q, a, id)
	if err != nil {
		return err
	}
	if err := a.need(t, ActionProgress); err != nil {
		return err
	}
	if text, err = noteText(text); err != nil {
		return err
	}
	if err := addNote(ctx, q, a, t, "progress", text, now); err != nil {
		return err
	}
	return a.audit().Record(ctx, q, now, "topictask.progress", fmt.Sprintf("topic_task:%d", id), text)
}

// Close closes the task with its outcome (办理结果), audited. The UPDATE
// moves only an open task, so of two closings at once one wins.
func Close(ctx context.Context, q store.Querier, a Actor, id int64, outcome string, now time.Time) error {
	t, err := Get(ctx, q, a, id)
	if err != nil {
		return err
	}
	if err := a.need(t, ActionClose); err != nil {
		return err
	}
	if outcome, err = noteText(outcome); err != nil {
		return err
	}
	res, err := q.ExecContext(ctx, `UPDATE topic_tasks SET status = ?, outcome = ?, closed_at = ? WHERE id = ? AND status = ?`,
		StatusClosed, outcome, store.Millis(now), id, StatusOpen)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return conflict("task %d is closed — 该任务已办结", id)
	}
	if err := addNote(ctx, q, a, t, "closed", outcome, now); err != nil {
		return err
	}
	return a.audit().Record(ctx, q, now, "topictask.close", fmt.Sprintf("topic_task:%d", id),
		fmt.Sprintf("%d of %d orders resolved: %s", t.Resolved, t.Orders, outcome))
}

// Notes lists a task's progress and closure, oldest first.
func Notes(ctx context.Context, q store.Querier, a Actor, id int64) ([]Note, error) {
	if _, err := Get(ctx, q, a, id); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT kind, text, by_name, at FROM topic_task_notes WHERE task_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Note
	for rows.Next() {
		var n Note
		var at int64
		if err := rows.Scan(&n.Kind, &n.Text, &n.By, &at); err != nil {
			return nil, err
		}
		n.At = store.Time(at)
		out = append(out, n)
	}
	return out, rows.Err()
}

// Orders lists a task's orders, newest first.
func Orders(ctx context.Context, q store.Querier, a Actor, id int64) ([]LinkedOrder, error) {
	if _, err := Get(ctx, q, a, id); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT o.number, o.status, o.category_code, o.community_code, o.received_at
		FROM topic_task_orders x JOIN orders o ON o.id = x.order_id WHERE x.task_id = ? ORDER BY o.received_at DESC, o.id DESC`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LinkedOrder
	for rows.Next() {
		var l LinkedOrder
		var at int64
		if err := rows.Scan(&l.Number, &l.Status, &l.Category, &l.CommunityCode, &at); err != nil {
			return nil, err
		}
		l.ReceivedAt = store.Time(at)
		out = append(out, l)
	}
	return out, rows.Err()
}

// Handed maps order numbers to the task each was handed to, for the hot
// topic lists (a topic already handed out shows its task, not the form).
func Handed(ctx context.Context, q store.Querier, numbers []string) (map[string]int64, error) {
	out := map[string]int64{}
	if len(numbers) == 0 {
		return out, nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(numbers)), ",")
	args := make([]any, len(numbers))
	for i, n := range numbers {
		args[i] = n
	}
	rows, err := q.QueryContext(ctx, `SELECT o.number, x.task_id FROM topic_task_orders x JOIN orders o ON o.id = x.order_id WHERE o.number IN (`+marks+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		var id int64
		if err := rows.Scan(&n, &id); err != nil {
			return nil, err
		}
		out[n] = id
	}
	return out, rows.Err()
}
