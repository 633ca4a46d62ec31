package order

import (
	"context"
	"slices"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
)

// handlerActions need the actor to be this order's handler, not only to
// hold the handler's role.
var handlerActions = []Action{ActionSign, ActionReturn, ActionEscalate, ActionResolve,
	ActionExtensionRequest, ActionSuspensionRequest}

// Situation is what besides the order itself decides which actions are on
// offer: its deadline requests and its summons.
type Situation struct {
	Requests []DeadlineRequest
	Summons  []Summons
}

// AvailableActions lists what a may do to o now: the transition table for
// its status, level and role, narrowed by what the table cannot say (being
// the handler or a co-handler, a pending request, a summons the actor's
// department has not reported in to). Pages draw their forms from it and
// API clients read it; the engine still checks each step on submit.
func AvailableActions(a Actor, o Order, s Situation) []Action {
	handler := a.isHandler(&o)
	pending := map[string]bool{}
	for _, rq := range s.Requests {
		if rq.Status == RequestPending {
			pending[rq.Kind] = true
		}
	}
	dept := a.Scope.DepartmentCode()
	var out []Action
	for _, act := range Allowed(o.Status, o.Level, a.Role) {
		show := true
		switch {
		case slices.Contains(handlerActions, act):
			show = handler
		case act == ActionReply:
			show = handler || a.Role == auth.RoleOperator || a.Role == auth.RoleDispatcher
		case act == ActionResume:
			show = handler || a.Role == auth.RoleDispatcher || a.Role == auth.RoleSupervisor
		case act == ActionCoSign || act == ActionCoReply:
			show = dept != "" && slices.Contains(o.CoHandlers, dept)
		case act == ActionExtensionApprove || act == ActionExtensionReject:
			show = pending[RequestExtension]
		case act == ActionSuspensionApprove || act == ActionSuspensionReject:
			show = pending[RequestSuspension]
		case act == ActionAnswer:
			show = o.Kind == category.KindConsult
		case act == ActionReturnUpstream:
			show = o.Channel == ChannelUpstream
		}
		if show {
			out = append(out, act)
		}
	}
	if a.Role == auth.RoleDepartment && len(AwaitingReportIn(a, s.Summons)) > 0 && !slices.Contains(out, ActionReportIn) {
		out = append(out, ActionReportIn)
	}
	return out
}

// AwaitingReportIn are the summons that call a's department and that it
// has not reported in to yet.
func AwaitingReportIn(a Actor, sums []Summons) []Summons {
	dept := a.Scope.DepartmentCode()
	if a.Role != auth.RoleDepartment || dept == "" {
		return nil
	}
	var out []Summons
	for _, s := range sums {
		for _, d := range s.Departments {
			if d.Department == dept && d.ReportedAt.IsZero() {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// Actions loads the order with number and its situation as a may see them
// and returns what a may do to it now (AvailableActions).
func (s *Service) Actions(ctx context.Context, a Actor, number string) ([]Action, error) {
	o, err := s.Get(ctx, a, number)
	if err != nil {
		return nil, err
	}
	adj, err := s.Adjustments(ctx, a, number)
	if err != nil {
		return nil, err
	}
	sums, err := s.SummonsOf(ctx, a, number)
	if err != nil {
		return nil, err
	}
	return AvailableActions(a, o, Situation{Requests: adj.Requests, Summons: sums}), nil
}
