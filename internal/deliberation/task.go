package deliberation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/store"
)

// Task is a follow-up of an adopted decision (落实任务): who, by when,
// and what came of it.
type Task struct {
	ID      int64
	TopicID int64
	Title   string
	Owner   string
	DueAt   time.Time
	Status  string
	Result  string
	DoneAt  time.Time
}

// Overdue reports whether an open task has passed its due time at now.
func (k Task) Overdue(now time.Time) bool { return k.Status == TaskOpen && now.After(k.DueAt) }

// TaskInput names a follow-up task. Owner is the unit or person who
// carries it out (物业公司、社区居委会、业委会 …), published with the result.
type TaskInput struct {
	Title string
	Owner string
	DueAt time.Time
}

// AddTask adds a follow-up task to an adopted topic. The due time may not
// lie in the past.
func (s *Service) AddTask(ctx context.Context, a Actor, topic int64, in TaskInput) (Topic, error) {
	title, err := cleanLine("title", in.Title, true)
	if err != nil {
		return Topic{}, err
	}
	owner, err := cleanLine("owner", in.Owner, true)
	if err != nil {
		return Topic{}, err
	}
	if in.DueAt.IsZero() {
		return Topic{}, invalid("due is required — 请填写完成期限")
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, _, err := s.topicFor(ctx, tx, a, topic, ActionTask); err != nil {
			return err
		}
		now := s.now()
		if in.DueAt.Before(now) {
			return invalid("due %s is in the past — 完成期限不能早于今天", in.DueAt.Format("2006-01-02"))
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO deliberation_tasks (topic_id, title, owner, due_at, status, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, topic, title, owner, store.Millis(in.DueAt), TaskOpen, a.User.ID,
			store.Millis(now), store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "deliberation.task", topicTarget(topic), fmt.Sprintf("task %d %s", id, title))
	})
	if err != nil {
		return Topic{}, err
	}
	return s.Topic(ctx, a, topic)
}

// CompleteTask records what came of a task.
func (s *Service) CompleteTask(ctx context.Context, a Actor, id int64, result string) (Topic, error) {
	text, err := cleanText("result", result, true)
	if err != nil {
		return Topic{}, err
	}
	var topic int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		var k Task
		var due, done int64
		err := tx.QueryRowContext(ctx, `SELECT id, topic_id, title, owner, due_at, status, result, done_at FROM deliberation_tasks WHERE id = ?`, id).
			Scan(&k.ID, &k.TopicID, &k.Title, &k.Owner, &due, &k.Status, &k.Result, &done)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("task", id)
		}
		if err != nil {
			return err
		}
		t, err := s.loadTopic(ctx, tx, a, k.TopicID)
		if err != nil {
			return notFound("task", id)
		}
		topic = t.ID
		if !slices.Contains(TaskActions(a, t.CommunityCode, k), ActionComplete) {
			if k.Status == TaskDone {
				return conflict("task %d is done already — 该任务已落实", id)
			}
			return forbidden("a %q user may not complete tasks — 无权办理落实任务", a.User.Role)
		}
		now := s.now()
		if err := bump(ctx, tx, "deliberation_tasks", `status = ?, result = ?, done_at = ?, updated_at = ?`,
			[]any{TaskDone, text, store.Millis(now), store.Millis(now)}, id, TaskOpen, 0, "task"); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "deliberation.complete", topicTarget(t.ID), fmt.Sprintf("task %d", id))
	})
	if err != nil {
		return Topic{}, err
	}
	return s.Topic(ctx, a, topic)
}

// tasksOf reads the tasks of the given topics, in due order.
func tasksOf(ctx context.Context, q store.Querier, topics []int64) ([]Task, error) {
	if len(topics) == 0 {
		return nil, nil
	}
	args := make([]any, len(topics))
	for i, t := range topics {
		args[i] = t
	}
	rows, err := q.QueryContext(ctx, `SELECT id, topic_id, title, owner, due_at, status, result, done_at FROM deliberation_tasks
		WHERE topic_id IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(topics)), ", ")+`) ORDER BY due_at, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		var k Task
		var due, done int64
		if err := rows.Scan(&k.ID, &k.TopicID, &k.Title, &k.Owner, &due, &k.Status, &k.Result, &done); err != nil {
			return nil, err
		}
		k.DueAt = store.Time(due)
		if done != 0 {
			k.DoneAt = store.Time(done)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
