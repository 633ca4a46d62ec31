package order_test

import (
	"testing"

	"civicgrid/internal/category"
	"civicgrid/internal/order"
)

// TestLikelyNext: the step each situation waits for comes first.
func TestLikelyNext(t *testing.T) {
	t.Parallel()
	A := func(as ...order.Action) []order.Action { return as }
	unsatisfied := order.Order{Status: order.StatusResolved, Rating: order.RatingUnsatisfied}
	unsatisfied.ResolvedAt = monday09
	unsatisfied.CallbackAt = monday09.Add(1)
	for _, c := range []struct {
		name string
		o    order.Order
		acts []order.Action
		want order.Action
	}{
		{"nothing to do", order.Order{Status: order.StatusClosed}, nil, ""},
		{"new at the centre", order.Order{Status: order.StatusNew}, A(order.ActionAccept, order.ActionReply, order.ActionCancel), order.ActionAccept},
		{"pending: dispatch", order.Order{Status: order.StatusPending}, A(order.ActionReply, order.ActionCancel, order.ActionDispatch, order.ActionMerge), order.ActionDispatch},
		{"pending consultation: answer", order.Order{Status: order.StatusPending, Kind: category.KindConsult},
			A(order.ActionDispatch, order.ActionReply, order.ActionCancel, order.ActionAnswer), order.ActionAnswer},
		{"dispatched: sign", order.Order{Status: order.StatusDispatched}, A(order.ActionReply, order.ActionReturn, order.ActionSign), order.ActionSign},
		{"processing: resolve", order.Order{Status: order.StatusProcessing},
			A(order.ActionReply, order.ActionReturn, order.ActionResolve, order.ActionExtensionRequest), order.ActionResolve},
		{"a request to decide comes first", order.Order{Status: order.StatusProcessing},
			A(order.ActionRedispatch, order.ActionExtensionApprove, order.ActionExtensionReject), order.ActionExtensionApprove},
		{"resolved: call back", order.Order{Status: order.StatusResolved}, A(order.ActionReopen, order.ActionCallback), order.ActionCallback},
		{"unsatisfied: reopen", unsatisfied, A(order.ActionCallback, order.ActionReopen), order.ActionReopen},
		{"suspended: resume", order.Order{Status: order.StatusSuspended}, A(order.ActionSuspensionReject, order.ActionResume), order.ActionResume},
		{"no preference: the first", order.Order{Status: order.StatusProcessing}, A(order.ActionRedispatch), order.ActionRedispatch},
	} {
		if got := order.LikelyNext(c.o, c.acts); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
		if got := order.NextFirst(c.o, c.acts); len(got) != len(c.acts) || (len(got) > 0 && got[0] != c.want) {
			t.Errorf("%s: NextFirst %v", c.name, got)
		}
	}
}
