package deliberation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/org"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Topic is one 议题 as staff see it: the proposer masked.
type Topic struct {
	ID            int64
	CommunityCode string
	CommunityName string
	Title         string
	Description   string
	Source        string
	OrderNumber   string
	ProposerName  string // masked
	ProposerPhone string // masked
	Status        string
	MeetingID     int64
	DeclineReason string
	Outcome       string
	Decision      string
	VotesFor      int
	VotesAgainst  int
	VotesAbstain  int
	DecidedAt     time.Time
	CreatedAt     time.Time
	Version       int
	Tasks         []Task
}

// TopicInput puts forward a topic. Name and Phone are a resident's own
// (optional, so staff can reply); staff leave them empty.
type TopicInput struct {
	CommunityCode string
	Title         string
	Description   string
	Name          string
	Phone         string
}

type topicRow struct {
	title, description, name, phone, phoneBlind string
}

func (s *Service) checkTopic(in TopicInput) (topicRow, error) {
	var r topicRow
	var err error
	if r.title, err = cleanLine("title", in.Title, true); err != nil {
		return r, err
	}
	if r.description, err = cleanText("description", in.Description, true); err != nil {
		return r, err
	}
	name, err := cleanLine("name", in.Name, false)
	if err != nil {
		return r, err
	}
	if name != "" {
		if r.name, err = s.cfg.Keys.Seal(name); err != nil {
			return r, err
		}
	}
	if in.Phone != "" {
		phone := pii.NormalizePhone(in.Phone)
		if !pii.ValidPhone(phone) {
			return r, invalid("phone %q is not a phone number — 联系电话格式不对", in.Phone)
		}
		if r.phone, err = s.cfg.Keys.Seal(phone); err != nil {
			return r, err
		}
		r.phoneBlind = s.cfg.Keys.Blind(phone)
	}
	return r, nil
}

// community checks that code names a community (社区/村).
func community(ctx context.Context, q store.Querier, code string) (org.Region, error) {
	c, err := org.GetRegion(ctx, q, code)
	if err != nil || (c.Level != org.LevelCommunity && c.Level != org.LevelVillage) {
		return org.Region{}, invalid("community %q: a topic or meeting belongs to a community (社区/村) — 请选择社区", code)
	}
	return c, nil
}

// Propose puts forward a topic: a resident's from the public page (source
// resident), or staff's own (source staff) in their scope.
func (s *Service) Propose(ctx context.Context, a Actor, in TopicInput) (Topic, error) {
	source := SourceResident
	if !a.resident() {
		if !MayWork(a.User.Role) {
			return Topic{}, forbidden("a %q user may not put forward topics — 无权提出议题", a.User.Role)
		}
		if !a.Scope.CoversRegion(in.CommunityCode) {
			return Topic{}, fmt.Errorf("%w: community %q", ErrNotFound, in.CommunityCode)
		}
		source = SourceStaff
	}
	return s.insertTopic(ctx, a, in, source, "", nil)
}

// insertTopic writes a topic; after, when not nil, runs in the same
// transaction (the linked order's timeline entry).
func (s *Service) insertTopic(ctx context.Context, a Actor, in TopicInput, source, orderNumber string, after func(context.Context, *store.Tx, int64) error) (Topic, error) {
	row, err := s.checkTopic(in)
	if err != nil {
		return Topic{}, err
	}
	var id int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		comm, err := community(ctx, tx, strings.TrimSpace(in.CommunityCode))
		if err != nil {
			return err
		}
		now := s.now()
		err = tx.QueryRowContext(ctx, `INSERT INTO deliberation_topics (community_code, title, description, source, order_number,
			proposer_name_sealed, proposer_phone_sealed, proposer_phone_blind, status, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			comm.Code, row.title, row.description, source, nullStr(orderNumber), row.name, row.phone, row.phoneBlind, TopicProposed,
			a.User.ID, store.Millis(now), store.Millis(now)).Scan(&id)
		if store.IsUniqueViolation(err) {
			return conflict("order %s is a topic already — 该工单已提交议事协商", orderNumber)
		}
		if err != nil {
			return err
		}
		if after != nil {
			if err := after(ctx, tx, id); err != nil {
				return err
			}
		}
		return a.audit().Record(ctx, tx, now, "deliberation.propose", topicTarget(id), row.title)
	})
	if err != nil {
		return Topic{}, err
	}
	if a.resident() {
		return Topic{ID: id, CommunityCode: in.CommunityCode, Title: row.title, Status: TopicProposed, Source: source}, nil
	}
	return s.Topic(ctx, a, id)
}

func topicTarget(id int64) string   { return fmt.Sprintf("deliberation_topic:%d", id) }
func meetingTarget(id int64) string { return fmt.Sprintf("deliberation_meeting:%d", id) }

const topicColumns = `t.id, t.community_code, COALESCE(r.name, ''), t.title, t.description, t.source, COALESCE(t.order_number, ''),
	t.proposer_name_sealed, t.proposer_phone_sealed, t.status, COALESCE(t.meeting_id, 0), t.decline_reason, t.outcome, t.decision,
	t.votes_for, t.votes_against, t.votes_abstain, t.decided_at, t.created_at, t.version`

const topicFrom = ` FROM deliberation_topics t LEFT JOIN regions r ON r.code = t.community_code`

type scanner interface{ Scan(dest ...any) error }

func (s *Service) scanTopic(sc scanner) (Topic, error) {
	var t Topic
	var name, phone string
	var decided, created int64
	err := sc.Scan(&t.ID, &t.CommunityCode, &t.CommunityName, &t.Title, &t.Description, &t.Source, &t.OrderNumber, &name, &phone,
		&t.Status, &t.MeetingID, &t.DeclineReason, &t.Outcome, &t.Decision, &t.VotesFor, &t.VotesAgainst, &t.VotesAbstain,
		&decided, &created, &t.Version)
	if err != nil {
		return t, err
	}
	if decided != 0 {
		t.DecidedAt = store.Time(decided)
	}
	t.CreatedAt = store.Time(created)
	if name != "" {
		if plain, err := s.cfg.Keys.Open(name); err == nil {
			t.ProposerName = pii.MaskName(plain)
		}
	}
	if phone != "" {
		if plain, err := s.cfg.Keys.Open(phone); err == nil {
			t.ProposerPhone = pii.MaskPhone(plain)
		}
	}
	return t, nil
}

// loadTopic reads a topic in a's scope, without its tasks.
func (s *Service) loadTopic(ctx context.Context, q store.Querier, a Actor, id int64) (Topic, error) {
	if !MayRead(a.User.Role) {
		return Topic{}, notFound("topic", id)
	}
	t, err := s.scanTopic(q.QueryRowContext(ctx, `SELECT `+topicColumns+topicFrom+` WHERE t.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !a.Scope.CoversRegion(t.CommunityCode)) {
		return Topic{}, notFound("topic", id)
	}
	return t, err
}

// Topic returns a topic with its tasks.
func (s *Service) Topic(ctx context.Context, a Actor, id int64) (Topic, error) {
	t, err := s.loadTopic(ctx, s.cfg.DB, a, id)
	if err != nil {
		return Topic{}, err
	}
	t.Tasks, err = tasksOf(ctx, s.cfg.DB, []int64{t.ID})
	return t, err
}

// TopicFilter narrows ListTopics; empty fields do not filter.
type TopicFilter struct {
	Under  string // a region code in the actor's scope
	Status string
}

// MaxList bounds one page of a list.
const MaxList = 500

// ListTopics returns the topics in a's scope passing f, newest first,
// without their tasks.
func (s *Service) ListTopics(ctx context.Context, a Actor, f TopicFilter, limit, offset int) ([]Topic, error) {
	prefix, err := listPrefix(a, f.Under)
	if err != nil {
		return nil, err
	}
	where, args := []string{`t.community_code LIKE ?`}, []any{prefix + "%"}
	if f.Status != "" {
		l, ok := lookup(TopicStatuses, f.Status)
		if !ok {
			return nil, invalid("status %q: want one of %s", f.Status, codes(TopicStatuses))
		}
		where, args = append(where, `t.status = ?`), append(args, l.Code)
	}
	limit = bound(limit)
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT `+topicColumns+topicFrom+` WHERE `+strings.Join(where, ` AND `)+
		` ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Topic
	for rows.Next() {
		t, err := s.scanTopic(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// listPrefix is the region prefix a list covers: a's scope, or under when
// a covers it. An actor without scope lists nothing (an empty LIKE prefix
// would match everything).
func listPrefix(a Actor, under string) (string, error) {
	prefix := a.Scope.RegionPrefix()
	if !MayRead(a.User.Role) || prefix == "" {
		return "", forbidden("a %q user may not read deliberation — 无权查看议事协商", a.User.Role)
	}
	if under != "" {
		if !a.Scope.CoversRegion(under) {
			return "", fmt.Errorf("%w: region %s", ErrNotFound, under)
		}
		prefix = under
	}
	return prefix, nil
}

func bound(limit int) int {
	if limit <= 0 || limit > MaxList {
		return MaxList
	}
	return limit
}
