package deliberation

import (
	"context"
	"fmt"
	"slices"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// topicFor reads a topic and its meeting inside tx and checks that a may
// take action on it now, with an error that says why not.
func (s *Service) topicFor(ctx context.Context, tx *store.Tx, a Actor, id int64, action string) (Topic, Meeting, error) {
	t, err := s.loadTopic(ctx, tx, a, id)
	if err != nil {
		return Topic{}, Meeting{}, err
	}
	var m Meeting
	if t.MeetingID != 0 {
		if m, err = loadMeeting(ctx, tx, a, t.MeetingID); err != nil {
			return Topic{}, Meeting{}, err
		}
	}
	if slices.Contains(TopicActions(a, t, m), action) {
		return t, m, nil
	}
	if !MayWork(a.User.Role) {
		return Topic{}, Meeting{}, forbidden("a %q user may not work deliberation topics — 无权办理议题", a.User.Role)
	}
	switch {
	case t.Status == TopicDeclined:
		return Topic{}, Meeting{}, conflict("topic %d was declined: %s — 该议题已决定不予议事", id, t.DeclineReason)
	case action == ActionDecide && t.Status == TopicScheduled:
		return Topic{}, Meeting{}, conflict("topic %d: its meeting has not been held; record the meeting's minutes first — 会议尚未召开，不能录入决议", id)
	case action == ActionDecide && t.Status == TopicDecided:
		return Topic{}, Meeting{}, conflict("topic %d is decided already (%s) — 该议题已议决", id, Name(Outcomes, t.Outcome, true))
	case action == ActionDecide:
		return Topic{}, Meeting{}, conflict("topic %d is on no meeting: schedule it first — 议题尚未列入会议", id)
	case action == ActionSchedule && t.Status == TopicDecided && t.Outcome == OutcomeDeferred:
		return Topic{}, Meeting{}, conflict("topic %d was deferred at a meeting not yet published: publish that meeting first — 请先公开上次会议结果，再把暂缓的议题列入新会议", id)
	case action == ActionSchedule || action == ActionDecline:
		return Topic{}, Meeting{}, conflict("topic %d is %s: it can be scheduled or declined only while proposed — 议题已列入会议或已议决", id, Name(TopicStatuses, t.Status, true))
	case action == ActionTask:
		return Topic{}, Meeting{}, conflict("topic %d was not adopted: only an adopted decision takes follow-up tasks — 只有通过的决议才能分解落实任务", id)
	}
	return Topic{}, Meeting{}, conflict("topic %d: %s is not possible now — 当前状态不能进行此操作", id, action)
}

// Schedule puts a proposed (or deferred) topic on a planned meeting of
// the same community.
func (s *Service) Schedule(ctx context.Context, a Actor, id int64, version int, meeting int64) (Topic, error) {
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		t, _, err := s.topicFor(ctx, tx, a, id, ActionSchedule)
		if err != nil {
			return err
		}
		m, err := loadMeeting(ctx, tx, a, meeting)
		if err != nil {
			return err
		}
		if m.CommunityCode != t.CommunityCode {
			return invalid("meeting %d is %s's; topic %d is %s's — 只能列入本社区的会议", m.ID, m.CommunityName, t.ID, t.CommunityName)
		}
		if m.Status != MeetingPlanned {
			return conflict("meeting %d was held already: put the topic on a planned meeting — 只能列入尚未召开的会议", m.ID)
		}
		now := s.now()
		if err := bump(ctx, tx, "deliberation_topics", `status = ?, meeting_id = ?, outcome = '', decision = '', votes_for = 0, votes_against = 0,
			votes_abstain = 0, decided_at = 0, updated_at = ?`, []any{TopicScheduled, m.ID, store.Millis(now)}, id, t.Status, version, "topic"); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "deliberation.schedule", topicTarget(id), fmt.Sprintf("meeting %d", m.ID))
	})
	if err != nil {
		return Topic{}, err
	}
	return s.Topic(ctx, a, id)
}

// Decline ends a proposed topic with a reason (不予议事: e.g. a matter for
// the courts, or one already settled); a linked order hears of it.
func (s *Service) Decline(ctx context.Context, a Actor, id int64, version int, reason string) (Topic, error) {
	why, err := cleanText("reason", reason, true)
	if err != nil {
		return Topic{}, err
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		t, _, err := s.topicFor(ctx, tx, a, id, ActionDecline)
		if err != nil {
			return err
		}
		now := s.now()
		if err := bump(ctx, tx, "deliberation_topics", `status = ?, decline_reason = ?, updated_at = ?`,
			[]any{TopicDeclined, why, store.Millis(now)}, id, TopicProposed, version, "topic"); err != nil {
			return err
		}
		if err := s.noteOnOrder(ctx, tx, a, t.OrderNumber, orderActionDeclined, "社区议事协商不予议事："+why); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "deliberation.decline", topicTarget(id), why)
	})
	if err != nil {
		return Topic{}, err
	}
	return s.Topic(ctx, a, id)
}

// Decision is what a held meeting decided on a topic.
type Decision struct {
	Outcome string
	Text    string
	For     int
	Against int
	Abstain int
}

// Decide records the meeting's decision on a scheduled topic; the meeting
// must have been held. Votes are optional (all zero: decided by
// consensus) but may not be negative, and an adopted decision with votes
// needs more for than against.
func (s *Service) Decide(ctx context.Context, a Actor, id int64, version int, d Decision) (Topic, error) {
	outcome, ok := lookup(Outcomes, d.Outcome)
	if !ok {
		return Topic{}, invalid("outcome %q: want one of %s — 表决结果不对", d.Outcome, codes(Outcomes))
	}
	text, err := cleanText("decision", d.Text, true)
	if err != nil {
		return Topic{}, err
	}
	if d.For < 0 || d.Against < 0 || d.Abstain < 0 || d.For > 10000 || d.Against > 10000 || d.Abstain > 10000 {
		return Topic{}, invalid("votes must be counts from 0 to 10000 — 票数须为0至10000之间的整数")
	}
	if outcome.Code == OutcomeAdopted && d.For+d.Against > 0 && d.For <= d.Against {
		return Topic{}, invalid("adopted with %d for and %d against: a decision is adopted only with more votes for than against — 赞成票未超过反对票，不能记为通过", d.For, d.Against)
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		t, m, err := s.topicFor(ctx, tx, a, id, ActionDecide)
		if err != nil {
			return err
		}
		now := s.now()
		if err := bump(ctx, tx, "deliberation_topics", `status = ?, outcome = ?, decision = ?, votes_for = ?, votes_against = ?,
			votes_abstain = ?, decided_at = ?, updated_at = ?`, []any{TopicDecided, outcome.Code, text, d.For, d.Against, d.Abstain,
			store.Millis(now), store.Millis(now)}, id, TopicScheduled, version, "topic"); err != nil {
			return err
		}
		note := fmt.Sprintf("社区%s议决（%s）：%s", Name(Bodies, m.Body, true), outcome.Zh, text)
		if err := s.noteOnOrder(ctx, tx, a, t.OrderNumber, orderActionDecided, note); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "deliberation.decide", topicTarget(id), outcome.Zh)
	})
	if err != nil {
		return Topic{}, err
	}
	return s.Topic(ctx, a, id)
}

// Timeline actions this package writes on a linked order.
const (
	orderActionRaised   order.Action = "deliberation_raised"
	orderActionDecided  order.Action = "deliberation_decided"
	orderActionDeclined order.Action = "deliberation_declined"
)
