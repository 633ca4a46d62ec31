package order

import (
	"context"

	"civicgrid/internal/store"
)

// ReturnUpstream (退回上级平台) sends an order the upstream platform
// forwarded (channel upstream) back as not this district's, with the
// reason the upstream reads: one step by the centre's dispatcher, in
// whatever open status the order is — where a 退单 then 作废 took two
// people before. The order is closed here as cancelled; its pending
// extension or suspension requests lapse. The exchange tells the upstream
// (docs/exchange.md, event "returned").
func (s *Service) ReturnUpstream(ctx context.Context, a Actor, number string, version int, reason string) (Order, error) {
	reason, err := cleanNote("reason", reason, true)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionReturnUpstream, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		if o.Channel != ChannelUpstream {
			return refuse("只有上级平台转派的工单才能退回上级平台 — only an order the upstream platform forwarded can go back to it")
		}
		st.note = reason
		st.data = map[string]any{"handler": o.HandlerCode, "level": o.Level}
		o.ClosedAt = st.now
		return lapseRequests(ctx, tx, o.ID)
	})
}
