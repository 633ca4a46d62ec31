package party

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/store"
)

// Task is a service task a community published (e.g. 周末环境整治、独居
// 老人陪护), with its places and who claimed them.
type Task struct {
	ID            int64     `json:"id"`
	CommunityCode string    `json:"community_code"`
	CommunityName string    `json:"community_name"`
	Title         string    `json:"title"`
	Detail        string    `json:"detail,omitempty"`
	StartsAt      time.Time `json:"starts_at"`
	EndsAt        time.Time `json:"ends_at"`
	Minutes       int       `json:"minutes"` // credited per member on completion unless staff say otherwise
	Capacity      int       `json:"capacity"`
	Claimed       int       `json:"claimed"`
	Status        string    `json:"status"`
	Claims        []Claim   `json:"claims,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
}

// Claim is a member's claim of a task.
type Claim struct {
	MemberID   int64     `json:"member_id"`
	MemberName string    `json:"member_name"` // masked
	ClaimedAt  time.Time `json:"claimed_at"`
	DoneAt     time.Time `json:"done_at,omitempty"`
	Minutes    int       `json:"minutes"`
	Note       string    `json:"note,omitempty"`
}

// Statuses of a task.
const (
	TaskOpen   = "open"
	TaskClosed = "closed"
)

// TaskInput is a new task.
type TaskInput struct {
	CommunityCode string    `json:"community_code"`
	Title         string    `json:"title"`
	Detail        string    `json:"detail"`
	StartsAt      time.Time `json:"starts_at"`
	EndsAt        time.Time `json:"ends_at"`
	Minutes       int       `json:"minutes"`
	Capacity      int       `json:"capacity"`
}

// MaxTaskMinutes bounds the hours one task credits (a day's service).
const MaxTaskMinutes = 12 * 60

// AddTask publishes a task of a community in a's scope.
func (s *Service) AddTask(ctx context.Context, a Actor, in TaskInput) (Task, error) {
	if err := a.need(keepRoles, "keep party records"); err != nil {
		return Task{}, err
	}
	title, err := clean("title", in.Title, 2, 60, true)
	if err != nil {
		return Task{}, err
	}
	detail, err := clean("detail", in.Detail, 0, 1000, false)
	if err != nil {
		return Task{}, err
	}
	switch {
	case in.StartsAt.IsZero() || in.EndsAt.IsZero() || !in.EndsAt.After(in.StartsAt):
		return Task{}, invalid("a task needs a start and an end after it — 请填写任务开始和结束时间，结束应晚于开始")
	case in.Minutes <= 0 || in.Minutes > MaxTaskMinutes:
		return Task{}, invalid("hours: between 0.5 and %d — 服务时长应在0.5至%d小时之间", MaxTaskMinutes/60, MaxTaskMinutes/60)
	case in.Capacity <= 0 || in.Capacity > 500:
		return Task{}, invalid("places: between 1 and 500 — 招募人数应在1至500之间")
	}
	var id int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		comm, err := community(ctx, tx, in.CommunityCode)
		if err != nil {
			return err
		}
		if !a.keeps(comm.Code) {
			return notFound("community", comm.Code)
		}
		now := s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO party_tasks (community_code, title, detail, starts_at, ends_at, minutes, capacity, status,
			created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, comm.Code, title, detail, store.Millis(in.StartsAt),
			store.Millis(in.EndsAt), in.Minutes, in.Capacity, TaskOpen, a.User.ID, store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "party.task", target("task", id), title)
	})
	if err != nil {
		return Task{}, err
	}
	return s.task(ctx, s.cfg.DB, id)
}

const taskColumns = `t.id, t.community_code, COALESCE(r.name, ''), t.title, t.detail, t.starts_at, t.ends_at, t.minutes, t.capacity,
	t.claimed, t.status, t.created_at`

const taskFrom = ` FROM party_tasks t LEFT JOIN regions r ON r.code = t.community_code`

func scanTask(sc scanner) (Task, error) {
	var t Task
	var starts, ends, created int64
	err := sc.Scan(&t.ID, &t.CommunityCode, &t.CommunityName, &t.Title, &t.Detail, &starts, &ends, &t.Minutes, &t.Capacity,
		&t.Claimed, &t.Status, &created)
	t.StartsAt, t.EndsAt, t.CreatedAt = store.Time(starts), store.Time(ends), store.Time(created)
	return t, err
}

func (s *Service) task(ctx context.Context, q store.Querier, id int64) (Task, error) {
	t, err := scanTask(q.QueryRowContext(ctx, `SELECT `+taskColumns+taskFrom+` WHERE t.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Task{}, notFound("task", id)
	}
	if err != nil {
		return Task{}, err
	}
	t.Claims, err = s.claims(ctx, q, id)
	return t, err
}

func (s *Service) claims(ctx context.Context, q store.Querier, taskID int64) ([]Claim, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.member_id, m.name_sealed, c.claimed_at, c.done_at, c.minutes, c.note
		FROM party_task_claims c JOIN party_members m ON m.id = c.member_id WHERE c.task_id = ? ORDER BY c.claimed_at, c.member_id`, taskID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Claim
	for rows.Next() {
		var c Claim
		var sealed string
		var claimed, done int64
		if err := rows.Scan(&c.MemberID, &sealed, &claimed, &done, &c.Minutes, &c.Note); err != nil {
			return nil, err
		}
		name, err := s.cfg.Keys.Open(sealed)
		if err != nil {
			return nil, fmt.Errorf("party member %d: %w", c.MemberID, err)
		}
		c.MemberName, c.ClaimedAt = maskName(name), store.Time(claimed)
		if done != 0 {
			c.DoneAt = store.Time(done)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// loadTask reads a task in a's scope.
func (s *Service) loadTask(ctx context.Context, q store.Querier, a Actor, id int64) (Task, error) {
	if err := a.need(readRoles, "read party records"); err != nil {
		return Task{}, err
	}
	t, err := s.task(ctx, q, id)
	if err == nil && !a.Scope.CoversRegion(t.CommunityCode) {
		return Task{}, notFound("task", id)
	}
	return t, err
}

// GetTask returns a task with its claims.
func (s *Service) GetTask(ctx context.Context, a Actor, id int64) (Task, error) {
	return s.loadTask(ctx, s.cfg.DB, a, id)
}

// Tasks lists the tasks in a's scope (under a region of it), soonest
// first, with their claims.
func (s *Service) Tasks(ctx context.Context, a Actor, under string) ([]Task, error) {
	prefix, err := a.listPrefix(under)
	if err != nil {
		return nil, err
	}
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT `+taskColumns+taskFrom+` WHERE t.community_code LIKE ?
		ORDER BY t.starts_at DESC, t.id DESC LIMIT ?`, prefix+"%", MaxList)
	if err != nil {
		return nil, err
	}
	var out []Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Claims, err = s.claims(ctx, s.cfg.DB, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ClaimTask claims a place of an open task for a member who may serve in
// its community (a 社区党员 of it, or a 在职党员 who reported there). The
// place is taken in one conditional UPDATE, so the last place goes to one
// claim only; the same member claiming twice gets ErrClaimed.
func (s *Service) ClaimTask(ctx context.Context, a Actor, taskID, memberID int64) (Task, error) {
	if err := a.need(keepRoles, "keep party records"); err != nil {
		return Task{}, err
	}
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		t, err := s.loadTask(ctx, tx, a, taskID)
		if err != nil {
			return err
		}
		if !a.keeps(t.CommunityCode) {
			return forbidden("a %q user may not claim tasks — 无权认领任务", a.User.Role)
		}
		m, err := s.member(ctx, tx, memberID, false)
		if err != nil {
			return err
		}
		return s.take(ctx, tx, t, m, a.audit())
	})
	if err != nil {
		return Task{}, err
	}
	return s.task(ctx, s.cfg.DB, taskID)
}

// take gives m a place of t, in tx: m must serve in t's community, t be
// open with a free place, and m not have claimed it already.
func (s *Service) take(ctx context.Context, tx *store.Tx, t Task, m Member, au audit.Actor) error {
	if !m.ReportedTo(t.CommunityCode) {
		return invalid("member %d has not reported to %s: record the 报到 first — 该党员未向%s报到，不能认领本社区任务",
			m.ID, t.CommunityName, t.CommunityName)
	}
	now := s.now()
	if t.Status != TaskOpen || !now.Before(t.EndsAt) {
		return conflict("task %d is over or closed — 该任务已结束，不能再认领", t.ID)
	}
	for _, c := range t.Claims {
		if c.MemberID == m.ID {
			return fmt.Errorf("%w: member %d claimed task %d already — 该党员已认领此任务", ErrClaimed, m.ID, t.ID)
		}
	}
	res, err := tx.ExecContext(ctx, `UPDATE party_tasks SET claimed = claimed + 1 WHERE id = ? AND claimed < capacity AND status = ?`,
		t.ID, TaskOpen)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("%w: all %d places of task %d are taken — 该任务名额已满", ErrFull, t.Capacity, t.ID)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO party_task_claims (task_id, member_id, claimed_at) VALUES (?, ?, ?)`,
		t.ID, m.ID, store.Millis(now)); err != nil {
		if store.IsUniqueViolation(err) {
			return fmt.Errorf("%w: member %d claimed task %d already — 该党员已认领此任务", ErrClaimed, m.ID, t.ID)
		}
		return err
	}
	return au.Record(ctx, tx, now, "party.claim", target("task", t.ID), fmt.Sprintf("member %d", m.ID))
}

// CompleteTask records that a member did a task they claimed, crediting
// minutes (the task's when 0) to their hours, once.
func (s *Service) CompleteTask(ctx context.Context, a Actor, taskID, memberID int64, minutes int, note string) (Task, error) {
	note, err := clean("note", note, 0, 200, false)
	if err != nil {
		return Task{}, err
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		t, err := s.loadTask(ctx, tx, a, taskID)
		if err != nil {
			return err
		}
		if !a.keeps(t.CommunityCode) {
			return forbidden("a %q user may not confirm tasks — 无权确认任务完成", a.User.Role)
		}
		var claim *Claim
		for _, c := range t.Claims {
			if c.MemberID == memberID {
				claim = &c
			}
		}
		if claim == nil {
			return invalid("member %d has not claimed task %d — 该党员未认领此任务", memberID, t.ID)
		}
		if !claim.DoneAt.IsZero() {
			return conflict("member %d's task %d is confirmed already — 该任务已确认完成", memberID, t.ID)
		}
		now := s.now()
		if now.Before(t.StartsAt) {
			return invalid("task %d starts at %s: confirm it after — 任务尚未开始，不能确认完成", t.ID, t.StartsAt.Format(time.DateTime))
		}
		if minutes == 0 {
			minutes = t.Minutes
		}
		if minutes < 0 || minutes > MaxTaskMinutes {
			return invalid("hours: between 0.5 and %d — 服务时长应在0.5至%d小时之间", MaxTaskMinutes/60, MaxTaskMinutes/60)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE party_task_claims SET done_at = ?, minutes = ?, note = ? WHERE task_id = ? AND member_id = ? AND done_at = 0`,
			store.Millis(now), minutes, note, t.ID, memberID); err != nil {
			return err
		}
		if err := credit(ctx, tx, memberID, t.CommunityCode, "task", t.ID, minutes, now); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "party.done", target("task", t.ID), fmt.Sprintf("member %d, %d min", memberID, minutes))
	})
	if err != nil {
		return Task{}, err
	}
	return s.task(ctx, s.cfg.DB, taskID)
}

// CloseTask stops a task taking claims.
func (s *Service) CloseTask(ctx context.Context, a Actor, taskID int64) (Task, error) {
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		t, err := s.loadTask(ctx, tx, a, taskID)
		if err != nil {
			return err
		}
		if !a.keeps(t.CommunityCode) {
			return forbidden("a %q user may not close tasks — 无权关闭任务", a.User.Role)
		}
		if t.Status == TaskClosed {
			return conflict("task %d is closed already — 任务已关闭", t.ID)
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE party_tasks SET status = ? WHERE id = ?`, TaskClosed, t.ID); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "party.close", target("task", t.ID), t.Title)
	})
	if err != nil {
		return Task{}, err
	}
	return s.task(ctx, s.cfg.DB, taskID)
}
