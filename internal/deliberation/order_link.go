package deliberation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"civicgrid/internal/errs"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// TopicFromOrder raises a topic from a work order in one step: the
// order's community, its text as the description (unless in gives one)
// and a public step on the order's timeline. An order is at most one
// topic. Residents' many calls about one shared matter (a car park, a
// lift, 物业 fees) are what 议事协商 is for.
func (s *Service) TopicFromOrder(ctx context.Context, a Actor, number string, in TopicInput) (Topic, error) {
	if s.cfg.Orders == nil {
		return Topic{}, conflict("no order service: topics cannot be raised from orders here")
	}
	if !MayWork(a.User.Role) {
		return Topic{}, forbidden("a %q user may not put forward topics — 无权提出议题", a.User.Role)
	}
	o, err := s.cfg.Orders.Get(ctx, a.orderActor(), number)
	if err != nil {
		return Topic{}, err
	}
	switch o.Status {
	case order.StatusCancelled, order.StatusMerged:
		return Topic{}, conflict("order %s is %s: it raises no topic — 工单已撤销或已合并", o.Number, o.Status)
	}
	if o.CommunityCode == "" || !a.Scope.CoversRegion(o.CommunityCode) {
		return Topic{}, invalid("order %s is in no community of yours: place it first — 工单未定位到本社区", o.Number)
	}
	in.CommunityCode, in.Name, in.Phone = o.CommunityCode, "", ""
	if in.Description == "" {
		in.Description = o.Description
	}
	if in.Title == "" {
		in.Title = firstRunes(strings.Join(strings.Fields(o.Description), " "), 30)
	}
	return s.insertTopic(ctx, a, in, SourceOrder, o.Number, func(ctx context.Context, tx *store.Tx, id int64) error {
		return s.noteOnOrder(ctx, tx, a, o.Number, orderActionRaised, fmt.Sprintf("已提交社区议事协商，议题编号 %d", id))
	})
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// noteOnOrder writes a public step on the linked order's timeline. An
// order the actor no longer sees (sent on elsewhere) is left be.
func (s *Service) noteOnOrder(ctx context.Context, tx *store.Tx, a Actor, number string, action order.Action, note string) error {
	if s.cfg.Orders == nil || number == "" {
		return nil
	}
	_, err := s.cfg.Orders.AppendEvent(ctx, tx, a.orderActor(), number, order.EventInput{Action: action, Note: firstRunes(note, 480), Public: true})
	if errs.KindOf(err) == errs.NotFound {
		return nil
	}
	return err
}

// OrderLink is what an order's page offers about deliberation: the topic
// the order raised (0 when none, or one a may not read), and whether a may
// raise one from it now.
func (s *Service) OrderLink(ctx context.Context, a Actor, o order.Order) (topic int64, mayRaise bool, err error) {
	var community string
	err = s.cfg.DB.QueryRowContext(ctx, `SELECT id, community_code FROM deliberation_topics WHERE order_number = ?`, o.Number).Scan(&topic, &community)
	if err == nil {
		if !MayRead(a.User.Role) || !a.Scope.CoversRegion(community) {
			return 0, false, nil
		}
		return topic, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}
	switch o.Status {
	case order.StatusCancelled, order.StatusMerged:
		return 0, false, nil
	}
	return 0, MayWork(a.User.Role) && o.CommunityCode != "" && a.Scope.CoversRegion(o.CommunityCode), nil
}
