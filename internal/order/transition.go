package order

import (
	"fmt"
	"slices"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
)

// Status is where an order stands.
type Status string

const (
	StatusNew        Status = "new"        // 待受理: from a resident channel, not yet accepted
	StatusPending    Status = "pending"    // 待派遣: at the command centre, waiting for a dispatcher
	StatusDispatched Status = "dispatched" // 待签收: sent to a handler who has not signed
	StatusProcessing Status = "processing" // 办理中: signed by the handler
	StatusResolved   Status = "resolved"   // 已办结, waiting for the callback (回访)
	StatusClosed     Status = "closed"     // 已归档: callback done, or answered directly
	StatusCancelled  Status = "cancelled"  // 已作废: invalid
)

var statusNames = map[Status]string{
	StatusNew: "待受理 new", StatusPending: "待派遣 pending", StatusDispatched: "待签收 dispatched",
	StatusProcessing: "办理中 processing", StatusResolved: "已办结待回访 resolved", StatusClosed: "已归档 closed",
	StatusCancelled: "已作废 cancelled",
}

// Statuses lists every status in lifecycle order.
func Statuses() []Status {
	return []Status{StatusNew, StatusPending, StatusDispatched, StatusProcessing, StatusResolved, StatusClosed, StatusCancelled}
}

// Open reports whether the order still needs work (its deadlines run).
func (s Status) Open() bool {
	return s == StatusNew || s == StatusPending || s == StatusDispatched || s == StatusProcessing
}

// Label is the bilingual name, e.g. "待派遣 pending".
func (s Status) Label() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return string(s)
}

// Action is a lifecycle step; it is also the timeline action and, with the
// prefix "order.", the outbox topic.
type Action string

const (
	ActionCreate     Action = "create"     // 受理登记
	ActionAccept     Action = "accept"     // 受理
	ActionDispatch   Action = "dispatch"   // 派遣
	ActionRedispatch Action = "redispatch" // 改派
	ActionSign       Action = "sign"       // 签收
	ActionReply      Action = "reply"      // 暂时性答复
	ActionReturn     Action = "return"     // 退单
	ActionEscalate   Action = "escalate"   // 上报 (grid → street → centre)
	ActionResolve    Action = "resolve"    // 办结
	ActionCallback   Action = "callback"   // 回访
	ActionReopen     Action = "reopen"     // 重办
	ActionCancel     Action = "cancel"     // 作废
	ActionAnswer     Action = "answer"     // 直接答复 (consultations)
)

// Roles that act for the ladder's levels. Community staff run their grids,
// so they may act on grid-level orders too.
var handlerRoles = map[string][]string{
	category.LevelGrid:       {auth.RoleGrid, auth.RoleCommunity},
	category.LevelStreet:     {auth.RoleStreet},
	category.LevelDepartment: {auth.RoleDepartment},
}

// centre roles work at the 12345 centre.
var centreRoles = []string{auth.RoleOperator, auth.RoleDispatcher}

// rule is one row of the transition table: from any of From, a user of one
// of Roles — or, when Handler is set, the role that handles the order's
// current level — may take Action, and the order moves to To ("" keeps
// the status).
type rule struct {
	Action  Action
	From    []Status
	Roles   []string
	Handler bool
	To      Status
}

// open statuses a handler works in.
var handling = []Status{StatusDispatched, StatusProcessing}

// transitions is the lifecycle as data. The action functions add what a
// table cannot say: that the handler is this order's handler, that a
// consultation may be answered directly, the return limit, and that a
// callback rated 不满意 keeps the order resolved (awaiting reopen) instead
// of closing it.
var transitions = []rule{
	{ActionAccept, []Status{StatusNew}, centreRoles, false, StatusPending},
	{ActionDispatch, []Status{StatusPending}, []string{auth.RoleDispatcher}, false, StatusDispatched},
	{ActionRedispatch, handling, []string{auth.RoleDispatcher}, false, StatusDispatched},
	{ActionSign, []Status{StatusDispatched}, nil, true, StatusProcessing},
	{ActionReply, []Status{StatusNew, StatusPending, StatusDispatched, StatusProcessing}, centreRoles, false, ""},
	{ActionReply, handling, nil, true, ""},
	{ActionReturn, handling, nil, true, StatusPending},
	{ActionEscalate, handling, []string{auth.RoleGrid, auth.RoleCommunity}, true, StatusDispatched}, // grid → street
	{ActionEscalate, handling, []string{auth.RoleStreet}, true, StatusPending},                      // street → centre
	{ActionResolve, []Status{StatusProcessing}, nil, true, StatusResolved},
	{ActionCallback, []Status{StatusResolved}, centreRoles, false, StatusClosed},
	{ActionReopen, []Status{StatusResolved}, []string{auth.RoleDispatcher}, false, StatusDispatched},
	{ActionCancel, []Status{StatusNew, StatusPending}, centreRoles, false, StatusCancelled},
	{ActionAnswer, []Status{StatusNew, StatusPending}, centreRoles, false, StatusClosed},
}

// Next is the transition table as a function: the status an order in
// status, handled at level, moves to when a user of role takes action. It
// returns ErrIllegalTransition when no one may take the action in that
// status, and ErrForbidden when someone may but not this role (at this
// level). Both are *TransitionError. A "" result means the status stays.
func Next(status Status, level string, action Action, role string) (Status, error) {
	r, err := match(status, level, action, role)
	return r.To, err
}

// match finds the rule that lets role take action; see Next.
func match(status Status, level string, action Action, role string) (rule, error) {
	var inStatus []rule
	for _, r := range transitions {
		if r.Action == action && slices.Contains(r.From, status) {
			inStatus = append(inStatus, r)
		}
	}
	te := &TransitionError{Action: action, Status: status, Level: level, Role: role}
	if len(inStatus) == 0 {
		te.Msg = fmt.Sprintf("not allowed while the order is %s", status.Label())
		return rule{}, te
	}
	for _, r := range inStatus {
		if r.Handler && !slices.Contains(handlerRoles[level], role) {
			continue
		}
		if r.Roles != nil && !slices.Contains(r.Roles, role) {
			continue
		}
		return r, nil
	}
	te.forbidden = true
	te.Msg = fmt.Sprintf("a user with role %q may not do this while the order is %s at %s level", role, status.Label(), level)
	return rule{}, te
}

// Allowed lists the actions a role may take on an order in status at
// level, for showing buttons; the action functions still check the rest.
func Allowed(status Status, level, role string) []Action {
	var out []Action
	for _, r := range transitions {
		if slices.Contains(out, r.Action) {
			continue
		}
		if _, err := Next(status, level, r.Action, role); err == nil {
			out = append(out, r.Action)
		}
	}
	return out
}
