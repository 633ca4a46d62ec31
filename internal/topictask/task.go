package topictask

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// Task statuses.
const (
	StatusOpen   = "open"
	StatusClosed = "closed"
)

// Task is a hot topic handed to a lead department.
type Task struct {
	ID             int64
	Title          string
	Words          []string
	Department     string // lead unit's code
	DepartmentName string
	RegionCode     string // the issuer's node
	DueOn          string // YYYY-MM-DD
	Note           string
	Status         string
	Outcome        string
	CreatedAt      time.Time
	ClosedAt       time.Time
	Orders         int // linked orders
	Resolved       int // of them resolved or closed
}

// Overdue reports whether the task is open after its due day (China time).
func (t Task) Overdue(now time.Time) bool {
	return t.Status == StatusOpen && now.In(zone.Shanghai()).Format(time.DateOnly) > t.DueOn
}

// Input is what the centre gives when it hands a topic out.
type Input struct {
	Title      string
	Words      []string
	Department string
	DueOn      string // YYYY-MM-DD
	Note       string
	Orders     []string // order numbers, the topic's
}

const (
	maxTitle  = 100
	maxNote   = 2000
	maxOrders = 500
)

func (in *Input) check(now time.Time) error {
	in.Title, in.Note, in.Department = strings.TrimSpace(in.Title), strings.TrimSpace(in.Note), strings.TrimSpace(in.Department)
	if in.Title == "" && len(in.Words) > 0 {
		in.Title = strings.Join(in.Words, "、")
	}
	switch {
	case in.Title == "" || utf8.RuneCountInString(in.Title) > maxTitle:
		return invalid("title: give 1–%d characters — 请填写任务名称（不超过%d字）", maxTitle, maxTitle)
	case utf8.RuneCountInString(in.Note) > maxNote:
		return invalid("note longer than %d characters — 说明过长", maxNote)
	case in.Department == "":
		return invalid("department: choose the lead unit — 请选择牵头单位")
	case len(in.Orders) == 0:
		return invalid("orders: name the topic's orders — 请选择该热点的工单")
	case len(in.Orders) > maxOrders:
		return invalid("orders: at most %d — 工单不超过%d件", maxOrders, maxOrders)
	}
	due, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(in.DueOn), zone.Shanghai())
	if err != nil {
		return invalid("due %q: want a day as 2026-12-31 — 办结时限日期格式应为 2026-12-31", in.DueOn)
	}
	if in.DueOn = due.Format(time.DateOnly); in.DueOn < now.In(zone.Shanghai()).Format(time.DateOnly) {
		return invalid("due %s is in the past — 办结时限不能早于今天", in.DueOn)
	}
	return nil
}

// Create hands a topic to a lead department: the task and its orders'
// links in the caller's transaction, audited. The orders must lie in the
// issuer's scope, be neither cancelled nor merged, and belong to no open
// task; the department must be active and serve the issuer's node.
func Create(ctx context.Context, q store.Querier, a Actor, in Input, now time.Time) (Task, error) {
	if !MayIssue(a) || a.Scope.RegionPrefix() == "" {
		return Task{}, forbidden("a %q user may not hand topics out — 无权交办热点问题", a.User.Role)
	}
	if err := in.check(now); err != nil {
		return Task{}, err
	}
	var deptRegion string
	var retired int64
	err := q.QueryRowContext(ctx, `SELECT region_code, retired_at FROM departments WHERE code = ?`, in.Department).Scan(&deptRegion, &retired)
	if store.IsNoRows(err) || (err == nil && (retired != 0 || !a.Scope.CoversDepartmentAt(in.Department, deptRegion))) {
		return Task{}, invalid("department %q: no such active unit serving your area — 牵头单位不存在或不在本辖区", in.Department)
	}
	if err != nil {
		return Task{}, err
	}
	ids := make([]int64, 0, len(in.Orders))
	seen := map[string]bool{}
	for _, num := range in.Orders {
		num = strings.TrimSpace(num)
		if num == "" || seen[num] {
			continue
		}
		seen[num] = true
		var id int64
		var community, status string
		err := q.QueryRowContext(ctx, `SELECT id, community_code, status FROM orders WHERE number = ?`, num).Scan(&id, &community, &status)
		if store.IsNoRows(err) || (err == nil && !a.Scope.CoversRegion(community)) {
			return Task{}, invalid("order %s: not found in your area — 工单%s不存在或不在本辖区", num, num)
		}
		if err != nil {
			return Task{}, err
		}
		if status == "cancelled" || status == "merged" {
			return Task{}, invalid("order %s is %s — 工单%s已作废或已并单", num, status, num)
		}
		var other int64
		err = q.QueryRowContext(ctx, `SELECT t.id FROM topic_task_orders o JOIN topic_tasks t ON t.id = o.task_id WHERE o.order_id = ?`, id).Scan(&other)
		if err == nil {
			return Task{}, conflict("order %s belongs to task %d already — 工单%s已在任务%d中", num, other, num, other)
		}
		if !store.IsNoRows(err) {
			return Task{}, err
		}
		ids = append(ids, id)
	}
	var id int64
	err = q.QueryRowContext(ctx, `INSERT INTO topic_tasks (title, words, department_code, region_code, due_on, note, status, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		in.Title, strings.Join(in.Words, "、"), in.Department, a.Scope.RegionPrefix(), in.DueOn, in.Note, StatusOpen, a.User.ID, store.Millis(now)).Scan(&id)
	if err != nil {
		return Task{}, err
	}
	for _, o := range ids {
		if _, err := q.ExecContext(ctx, `INSERT INTO topic_task_orders (task_id, order_id) VALUES (?, ?)`, id, o); err != nil {
			if store.IsUniqueViolation(err) {
				return Task{}, conflict("an order was handed to another task meanwhile — 有工单已被交办到其他任务")
			}
			return Task{}, err
		}
	}
	if err := a.audit().Record(ctx, q, now, "topictask.create", fmt.Sprintf("topic_task:%d", id),
		fmt.Sprintf("%s → %s, due %s, %d orders", in.Title, in.Department, in.DueOn, len(ids))); err != nil {
		return Task{}, err
	}
	return load(ctx, q, id)
}

const taskCols = `t.id, t.title, t.words, t.department_code, d.name, t.region_code, t.due_on, t.note, t.status, t.outcome, t.created_at, t.closed_at,
	(SELECT COUNT(*) FROM topic_task_orders x WHERE x.task_id = t.id),
	(SELECT COUNT(*) FROM topic_task_orders x JOIN orders o ON o.id = x.order_id WHERE x.task_id = t.id AND o.status IN ('resolved','closed'))`

func scanTask(s interface{ Scan(...any) error }) (Task, error) {
	var t Task
	var words string
	var created, closed int64
	err := s.Scan(&t.ID, &t.Title, &words, &t.Department, &t.DepartmentName, &t.RegionCode, &t.DueOn, &t.Note, &t.Status, &t.Outcome,
		&created, &closed, &t.Orders, &t.Resolved)
	if words != "" {
		t.Words = strings.Split(words, "、")
	}
	t.CreatedAt = store.Time(created)
	if closed != 0 {
		t.ClosedAt = store.Time(closed)
	}
	return t, err
}

func load(ctx context.Context, q store.Querier, id int64) (Task, error) {
	t, err := scanTask(q.QueryRowContext(ctx, `SELECT `+taskCols+` FROM topic_tasks t JOIN departments d ON d.code = t.department_code WHERE t.id = ?`, id))
	if store.IsNoRows(err) {
		return Task{}, notFound(id)
	}
	return t, err
}

// Get returns a task a sees; NotFound otherwise.
func Get(ctx context.Context, q store.Querier, a Actor, id int64) (Task, error) {
	t, err := load(ctx, q, id)
	if err != nil {
		return Task{}, err
	}
	if !a.sees(t) {
		return Task{}, notFound(id)
	}
	return t, nil
}

// List returns the tasks a sees, open ones first, the earliest due first:
// a department its own, issuers and supervisors those of their node.
func List(ctx context.Context, q store.Querier, a Actor) ([]Task, error) {
	where, args := "", []any{}
	switch {
	case a.User.Role == "department" && a.Scope.DepartmentCode() != "":
		where, args = `t.department_code = ?`, []any{a.Scope.DepartmentCode()}
	case a.Scope.RegionPrefix() != "":
		where, args = `t.region_code LIKE ?`, []any{a.Scope.RegionPrefix() + "%"}
	default:
		return nil, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT `+taskCols+` FROM topic_tasks t JOIN departments d ON d.code = t.department_code
		WHERE `+where+` ORDER BY CASE t.status WHEN 'open' THEN 0 ELSE 1 END, t.due_on, t.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		if a.sees(t) {
			out = append(out, t)
		}
	}
	return out, rows.Err()
}
