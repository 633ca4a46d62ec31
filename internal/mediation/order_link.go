package mediation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"civicgrid/internal/errs"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// Timeline actions this package writes on a linked order.
const (
	orderActionOpened    order.Action = "mediation_opened"
	orderActionEscalated order.Action = "mediation_escalated"
	orderActionClosed    order.Action = "mediation_closed"
)

// OpenFromOrder opens a case from a work order of a mediation category in
// one step: the order's community, its text as the summary (unless in
// gives one) and the dispute type its category suggests. An order has at
// most one case.
func (s *Service) OpenFromOrder(ctx context.Context, a Actor, number string, in Input) (Case, error) {
	if s.cfg.Orders == nil {
		return Case{}, conflict("no order service: cases cannot be opened from orders here")
	}
	if !MayOpen(a.User.Role) {
		return Case{}, forbidden("a %q user may not open mediation cases — 无权登记调解案件", a.User.Role)
	}
	o, err := s.cfg.Orders.Get(ctx, a.orderActor(), number)
	if err != nil {
		return Case{}, err
	}
	if !IsMediationCategory(o.Category) {
		return Case{}, invalid("order %s is a %q order, not a dispute: only 调解申请、邻里纠纷、物业纠纷、拖欠工资 orders open a mediation case — 该工单不属于矛盾纠纷类", o.Number, o.Category)
	}
	switch o.Status {
	case order.StatusClosed, order.StatusCancelled, order.StatusMerged:
		return Case{}, conflict("order %s is %s: a finished order opens no case — 工单已结束，不能立案", o.Number, o.Status)
	}
	if o.CommunityCode == "" {
		return Case{}, invalid("order %s has no community: place it first — 工单未定位到社区", o.Number)
	}
	in.CommunityCode = o.CommunityCode
	if in.DisputeType == "" {
		in.DisputeType = typeOfCategory[o.Category]
	}
	if in.Summary == "" {
		in.Summary = o.Description
	}
	return s.open(ctx, a, in, o.Number, func(ctx context.Context, tx *store.Tx, id int64) error {
		return s.noteOnOrder(ctx, tx, a, o.Number, orderActionOpened, fmt.Sprintf("已转人民调解，立案编号 %d", id))
	})
}

// noteOnOrder writes a public step on the linked order's timeline. An order
// the actor no longer sees (sent on to a department elsewhere) is left be.
func (s *Service) noteOnOrder(ctx context.Context, tx *store.Tx, a Actor, number string, action order.Action, note string) error {
	if s.cfg.Orders == nil || number == "" {
		return nil
	}
	_, err := s.cfg.Orders.AppendEvent(ctx, tx, a.orderActor(), number, order.EventInput{Action: action, Note: note, Public: true})
	if errs.KindOf(err) == errs.NotFound {
		return nil
	}
	return err
}

// Order steps Close took on the linked order.
const (
	OrderResolved = "resolved" // the closer handles the order: 办结
	OrderReplied  = "replied"  // the order waited for its first reply: 暂时性答复
	OrderNoted    = "noted"    // only the timeline entry (someone else handles it)
)

// finishOrder resolves the linked order when a handles it, or gives its
// provisional reply when that is what the order waits for.
func (s *Service) finishOrder(ctx context.Context, a Actor, c Case, note string) (string, error) {
	if s.cfg.Orders == nil || c.OrderNumber == "" {
		return "", nil
	}
	oa := a.orderActor()
	acts, err := s.cfg.Orders.Actions(ctx, oa, c.OrderNumber)
	if errs.KindOf(err) == errs.NotFound {
		return OrderNoted, nil
	}
	if err != nil {
		return "", err
	}
	o, err := s.cfg.Orders.Get(ctx, oa, c.OrderNumber)
	if err != nil {
		return "", err
	}
	switch {
	case slices.Contains(acts, order.ActionResolve):
		_, err = s.cfg.Orders.Resolve(ctx, oa, o.Number, o.Version, note, nil)
		return OrderResolved, err
	case slices.Contains(acts, order.ActionReply) && o.RepliedAt.IsZero():
		_, err = s.cfg.Orders.Reply(ctx, oa, o.Number, o.Version, note)
		return OrderReplied, err
	}
	return OrderNoted, nil
}

// OrderLink is what an order's page offers about mediation: the case the
// order opened (0 when none, or one a may not read), and whether a may
// open one from it now.
func (s *Service) OrderLink(ctx context.Context, a Actor, o order.Order) (caseID int64, mayOpen bool, err error) {
	var community string
	err = s.cfg.DB.QueryRowContext(ctx, `SELECT id, community_code FROM mediation_cases WHERE order_number = ?`, o.Number).Scan(&caseID, &community)
	if err == nil {
		if !MayRead(a.User.Role) || !a.Scope.CoversRegion(community) {
			return 0, false, nil
		}
		return caseID, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}
	switch o.Status {
	case order.StatusClosed, order.StatusCancelled, order.StatusMerged:
		return 0, false, nil
	}
	return 0, MayOpen(a.User.Role) && IsMediationCategory(o.Category) && o.CommunityCode != "" && a.Scope.CoversRegion(o.CommunityCode), nil
}
