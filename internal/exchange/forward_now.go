package exchange

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// TopicForward is the outbox topic of a forward asked for by hand
// (ForwardNow); the exchange sink takes it beside the order topics.
const TopicForward = "exchange.forward"

// Topics are the outbox topics the exchange sink is given.
var Topics = []string{"order.*", TopicForward}

// forwardable are the statuses an order may be forwarded by hand in: taken
// in by the centre and not yet resolved.
var forwardable = []order.Status{order.StatusPending, order.StatusDispatched, order.StatusProcessing, order.StatusSuspended}

// ForwardNow forwards order number down the district link covering its
// place: for an order filed before that link existed, which its own
// intake never forwarded. The forward goes through the outbox like any
// other (retried while the district is down) and is audited. It returns
// the link's name. Refused, with nothing changed: an order outside by's
// area or unknown (NotFound), one from the upstream itself, one not open,
// one forwarded already, one no district link covers.
func (s *Service) ForwardNow(ctx context.Context, by auth.Admin, number string) (string, error) {
	number = strings.TrimSpace(number)
	var id int64
	var channel, status, grid, community string
	err := s.db.QueryRowContext(ctx, `SELECT id, channel, status, COALESCE(grid_code, ''), COALESCE(community_code, '')
		FROM orders WHERE number = ?`, number).Scan(&id, &channel, &status, &grid, &community)
	code := grid
	if code == "" {
		code = community
	}
	switch {
	case store.IsNoRows(err) || (err == nil && !by.CoversRegion(code)):
		return "", notFound("没有编号为 %q 的工单，或不在您的管辖范围内 — no order %q in your area", number, number)
	case err != nil:
		return "", fmt.Errorf("exchange: forward %s: %w", number, err)
	case channel == order.ChannelUpstream:
		return "", fieldInvalid("channel", "该工单来自上级平台，不能再向下转派 — %s came from the upstream platform", number)
	case !containsStatus(forwardable, order.Status(status)):
		return "", fieldInvalid("status", "只有已受理、尚未办结的工单可以转派 — %s is %s", number, status)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM exchange_orders WHERE order_id = ?`, id).Scan(&n); err != nil {
		return "", err
	}
	if n > 0 {
		return "", fmt.Errorf("%w: 该工单已转派过下级平台 — %s was forwarded already", ErrConflict, number)
	}
	links, err := s.Links(ctx)
	if err != nil {
		return "", err
	}
	to, best := "", ""
	for _, l := range links {
		if c := l.covers(code); l.Direction == Downstream && len(c) > len(best) {
			to, best = l.Name, c
		}
	}
	if to == "" {
		return "", fieldInvalid("link", "没有覆盖该工单所在区划的下级链路 — no district link covers %s", code)
	}
	payload, err := json.Marshal(order.OutboxPayload{OrderID: id, Number: number, Action: "forward", To: order.Status(status),
		At: s.clock().UTC()})
	if err != nil {
		return "", err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (at, topic, payload) VALUES (?, ?, ?)`,
			store.Millis(s.clock()), TopicForward, string(payload)); err != nil {
			return err
		}
		return by.Record(ctx, tx, s.clock(), "exchange.forward", "order:"+number, "link "+to)
	})
	if err != nil {
		return "", fmt.Errorf("exchange: forward %s: %w", number, err)
	}
	return to, nil
}

func containsStatus(list []order.Status, s order.Status) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
