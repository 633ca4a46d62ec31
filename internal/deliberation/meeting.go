package deliberation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// Meeting is one sitting of a community's deliberating body, with its
// participants (names masked) and topics when read whole.
type Meeting struct {
	ID            int64
	CommunityCode string
	CommunityName string
	Body          string
	Title         string
	Place         string
	StartsAt      time.Time
	Status        string
	Minutes       string
	HeldAt        time.Time
	PublishedAt   time.Time
	Version       int
	Participants  []Participant
	Topics        []Topic
}

// MeetingInput calls a meeting.
type MeetingInput struct {
	CommunityCode string
	Body          string
	Title         string
	Place         string
	StartsAt      time.Time
}

// CreateMeeting calls a meeting of a community in a's scope.
func (s *Service) CreateMeeting(ctx context.Context, a Actor, in MeetingInput) (Meeting, error) {
	if !MayWork(a.User.Role) {
		return Meeting{}, forbidden("a %q user may not call meetings — 无权召集议事会议", a.User.Role)
	}
	body, ok := lookup(Bodies, in.Body)
	if !ok {
		return Meeting{}, invalid("body %q: want one of %s — 会议类型不对", in.Body, codes(Bodies))
	}
	title, err := cleanLine("title", in.Title, true)
	if err != nil {
		return Meeting{}, err
	}
	place, err := cleanLine("place", in.Place, false)
	if err != nil {
		return Meeting{}, err
	}
	if in.StartsAt.IsZero() {
		return Meeting{}, invalid("starts_at is required — 请填写会议时间")
	}
	if !a.Scope.CoversRegion(in.CommunityCode) {
		return Meeting{}, fmt.Errorf("%w: community %q", ErrNotFound, in.CommunityCode)
	}
	var id int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		comm, err := community(ctx, tx, in.CommunityCode)
		if err != nil {
			return err
		}
		now := s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO deliberation_meetings (community_code, body, title, place, starts_at, status,
			created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			comm.Code, body.Code, title, place, store.Millis(in.StartsAt), MeetingPlanned, a.User.ID, store.Millis(now), store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "deliberation.meeting", meetingTarget(id), title)
	})
	if err != nil {
		return Meeting{}, err
	}
	return s.Meeting(ctx, a, id)
}

const meetingColumns = `m.id, m.community_code, COALESCE(r.name, ''), m.body, m.title, m.place, m.starts_at, m.status, m.minutes,
	m.held_at, m.published_at, m.version`

const meetingFrom = ` FROM deliberation_meetings m LEFT JOIN regions r ON r.code = m.community_code`

func scanMeeting(sc scanner) (Meeting, error) {
	var m Meeting
	var starts, held, published int64
	err := sc.Scan(&m.ID, &m.CommunityCode, &m.CommunityName, &m.Body, &m.Title, &m.Place, &starts, &m.Status, &m.Minutes,
		&held, &published, &m.Version)
	m.StartsAt = store.Time(starts)
	if held != 0 {
		m.HeldAt = store.Time(held)
	}
	if published != 0 {
		m.PublishedAt = store.Time(published)
	}
	return m, err
}

// loadMeeting reads a meeting in a's scope, without participants and
// topics.
func loadMeeting(ctx context.Context, q store.Querier, a Actor, id int64) (Meeting, error) {
	if !MayRead(a.User.Role) {
		return Meeting{}, notFound("meeting", id)
	}
	m, err := scanMeeting(q.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !a.Scope.CoversRegion(m.CommunityCode)) {
		return Meeting{}, notFound("meeting", id)
	}
	return m, err
}

// Meeting returns a meeting whole: participants (masked), topics and their
// tasks.
func (s *Service) Meeting(ctx context.Context, a Actor, id int64) (Meeting, error) {
	m, err := loadMeeting(ctx, s.cfg.DB, a, id)
	if err != nil {
		return Meeting{}, err
	}
	return s.fill(ctx, m)
}

func (s *Service) fill(ctx context.Context, m Meeting) (Meeting, error) {
	var err error
	if m.Participants, err = s.participants(ctx, s.cfg.DB, m.ID); err != nil {
		return Meeting{}, err
	}
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT `+topicColumns+topicFrom+` WHERE t.meeting_id = ? ORDER BY t.id`, m.ID)
	if err != nil {
		return Meeting{}, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		t, err := s.scanTopic(rows)
		if err != nil {
			return Meeting{}, err
		}
		m.Topics = append(m.Topics, t)
		ids = append(ids, t.ID)
	}
	if err := rows.Err(); err != nil {
		return Meeting{}, err
	}
	tasks, err := tasksOf(ctx, s.cfg.DB, ids)
	if err != nil {
		return Meeting{}, err
	}
	for i := range m.Topics {
		for _, k := range tasks {
			if k.TopicID == m.Topics[i].ID {
				m.Topics[i].Tasks = append(m.Topics[i].Tasks, k)
			}
		}
	}
	return m, nil
}

// ListMeetings returns the meetings in a's scope (under a region when
// given), latest first, without participants and topics.
func (s *Service) ListMeetings(ctx context.Context, a Actor, under string, limit, offset int) ([]Meeting, error) {
	prefix, err := listPrefix(a, under)
	if err != nil {
		return nil, err
	}
	return s.meetings(ctx, `m.community_code LIKE ?`, []any{prefix + "%"}, latestFirst, limit, offset)
}

// Orders of a meeting list.
const (
	latestFirst  = ` ORDER BY m.starts_at DESC, m.id DESC`
	soonestFirst = ` ORDER BY m.starts_at, m.id`
)

func (s *Service) meetings(ctx context.Context, where string, args []any, order string, limit, offset int) ([]Meeting, error) {
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE `+where+order+
		` LIMIT ? OFFSET ?`, append(args, bound(limit), offset)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Hold records that the meeting took place, with its minutes: it needs
// its participants, and cannot be recorded before it began.
func (s *Service) Hold(ctx context.Context, a Actor, id int64, version int, minutes string) (Meeting, error) {
	text, err := cleanText("minutes", minutes, true)
	if err != nil {
		return Meeting{}, err
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := s.meetingFor(ctx, tx, a, id, ActionHold)
		if err != nil {
			return err
		}
		now := s.now()
		if now.Before(m.StartsAt) {
			return conflict("meeting %d begins at %s: record it after it was held — 会议尚未召开，不能填写会议纪要", id, m.StartsAt.In(zone.Shanghai()).Format("2006-01-02 15:04"))
		}
		if len(m.Participants) == 0 {
			return invalid("meeting %d has no participants: add who took part first — 请先登记参会人员", id)
		}
		if err := bump(ctx, tx, "deliberation_meetings", `status = ?, minutes = ?, held_at = ?, updated_at = ?`,
			[]any{MeetingHeld, text, store.Millis(now), store.Millis(now)}, id, MeetingPlanned, version, "meeting"); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "deliberation.hold", meetingTarget(id), m.Title)
	})
	if err != nil {
		return Meeting{}, err
	}
	return s.Meeting(ctx, a, id)
}

// Publish makes a held meeting's results public to its community; every
// topic on it must be decided.
func (s *Service) Publish(ctx context.Context, a Actor, id int64, version int) (Meeting, error) {
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := s.meetingFor(ctx, tx, a, id, ActionPublish)
		if err != nil {
			return err
		}
		now := s.now()
		if err := bump(ctx, tx, "deliberation_meetings", `status = ?, published_at = ?, updated_at = ?`,
			[]any{MeetingPublished, store.Millis(now), store.Millis(now)}, id, MeetingHeld, version, "meeting"); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "deliberation.publish", meetingTarget(id), m.Title)
	})
	if err != nil {
		return Meeting{}, err
	}
	return s.Meeting(ctx, a, id)
}

// meetingFor reads a meeting whole inside tx and checks that a may take
// action on it now.
func (s *Service) meetingFor(ctx context.Context, tx *store.Tx, a Actor, id int64, action string) (Meeting, error) {
	m, err := loadMeeting(ctx, tx, a, id)
	if err != nil {
		return Meeting{}, err
	}
	if m.Participants, err = s.participants(ctx, tx, id); err != nil {
		return Meeting{}, err
	}
	topics, err := topicsOn(ctx, tx, id)
	if err != nil {
		return Meeting{}, err
	}
	for _, act := range MeetingActions(a, m, topics) {
		if act == action {
			return m, nil
		}
	}
	if !MayWork(a.User.Role) {
		return Meeting{}, forbidden("a %q user may not run meetings — 无权办理议事会议", a.User.Role)
	}
	switch {
	case m.Status == MeetingPublished:
		return Meeting{}, conflict("meeting %d is published: its record is closed — 会议结果已公开，不能再修改", id)
	case action == ActionHold:
		return Meeting{}, conflict("meeting %d was held already — 会议已召开", id)
	case action == ActionPublish && m.Status == MeetingPlanned:
		return Meeting{}, conflict("meeting %d has not been held: record its minutes first — 会议尚未召开，请先填写会议纪要", id)
	case action == ActionPublish:
		return Meeting{}, conflict("meeting %d: decide every topic on it before publishing (none may be left open, and it needs at least one) — 会议上的议题须全部议决后才能公开", id)
	}
	return Meeting{}, conflict("meeting %d is %s: %s is not possible now — 当前状态不能进行此操作", id, m.Status, action)
}

// topicsOn lists the status of each topic on a meeting (enough for the
// Actions checks).
func topicsOn(ctx context.Context, q store.Querier, meeting int64) ([]Topic, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, status, outcome FROM deliberation_topics WHERE meeting_id = ?`, meeting)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Topic
	for rows.Next() {
		var t Topic
		if err := rows.Scan(&t.ID, &t.Status, &t.Outcome); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// bump updates one row of table from status from to the columns set (a
// "col = ?, …" list with its args), checking the version when one is given
// (0: the caller read none). No row changed means someone got there first.
func bump(ctx context.Context, tx *store.Tx, table, set string, args []any, id int64, from string, version int, what string) error {
	query := `UPDATE ` + table + ` SET ` + set + `, version = version + 1 WHERE id = ? AND status = ?`
	args = append(append([]any{}, args...), id, from)
	if version > 0 {
		query += ` AND version = ?`
		args = append(args, version)
	}
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return stale(what, id)
	}
	return nil
}

// PlannedMeetings lists the planned meetings of a community in a's scope,
// soonest first: where a topic can be put.
func (s *Service) PlannedMeetings(ctx context.Context, a Actor, community string) ([]Meeting, error) {
	if _, err := listPrefix(a, community); err != nil {
		return nil, err
	}
	return s.meetings(ctx, `m.community_code = ? AND m.status = ?`, []any{community, MeetingPlanned}, soonestFirst, MaxList, 0)
}
