package order

import (
	"fmt"
	"slices"
	"time"

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
	StatusSuspended  Status = "suspended"  // 已挂起: approved pause, the resolve clock stops
	StatusMerged     Status = "merged"     // 已并单: a duplicate joined to its master order
)

// statusNames are each status's Chinese and English names, the one place
// they are written: Label, and the pages' "status.*" labels, read them.
var statusNames = map[Status][2]string{
	StatusNew:        {"待受理", "New"},
	StatusPending:    {"待派遣", "Awaiting dispatch"},
	StatusDispatched: {"待签收", "Awaiting signature"},
	StatusProcessing: {"办理中", "In progress"},
	StatusResolved:   {"已办结待回访", "Resolved, awaiting callback"},
	StatusClosed:     {"已归档", "Closed"},
	StatusCancelled:  {"已作废", "Cancelled"},
	StatusSuspended:  {"已挂起", "Suspended"},
	StatusMerged:     {"已并单", "Merged"},
}

// Statuses lists every status in lifecycle order.
func Statuses() []Status {
	return []Status{StatusNew, StatusPending, StatusDispatched, StatusProcessing, StatusSuspended, StatusResolved, StatusClosed,
		StatusCancelled, StatusMerged}
}

// Open reports whether the order's deadlines run. A suspended order still
// needs work but its clock stops; a merged one lives on in its master.
func (s Status) Open() bool {
	return s == StatusNew || s == StatusPending || s == StatusDispatched || s == StatusProcessing
}

// Label is the Chinese name and the code, e.g. "待派遣 pending", for
// messages read in both languages (errors, notifications).
func (s Status) Label() string {
	if n, ok := statusNames[s]; ok {
		return n[0] + " " + string(s)
	}
	return string(s)
}

// Chinese is the status's name in Chinese, e.g. "待派遣"; an unknown
// status is its code.
func (s Status) Chinese() string {
	if n, ok := statusNames[s]; ok {
		return n[0]
	}
	return string(s)
}

// English is the status's name in English, e.g. "Awaiting dispatch"; an
// unknown status is its code.
func (s Status) English() string {
	if n, ok := statusNames[s]; ok {
		return n[1]
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
	// ActionCallbackMissed names a callback that did not reach the
	// resident (未接通) on the timeline; it is taken as ActionCallback.
	ActionCallbackMissed Action = "callback_missed"
	ActionReopen         Action = "reopen" // 重办
	ActionCancel         Action = "cancel" // 作废
	// ActionReturnUpstream (退回上级平台): an order the upstream platform
	// forwarded is not this district's; it goes back with a reason in one
	// step, whoever holds it now.
	ActionReturnUpstream Action = "return_upstream"
	ActionAnswer         Action = "answer" // 直接答复 (consultations)

	ActionCoSign            Action = "co_sign"            // 协办签收
	ActionCoReply           Action = "co_reply"           // 协办反馈
	ActionSummon            Action = "summon"             // 吹哨
	ActionReportIn          Action = "report_in"          // 报到
	ActionExtensionRequest  Action = "extension_request"  // 延期申请
	ActionExtensionApprove  Action = "extension_approve"  // 延期批准
	ActionExtensionReject   Action = "extension_reject"   // 延期驳回
	ActionSuspensionRequest Action = "suspension_request" // 挂起申请
	ActionSuspensionApprove Action = "suspension_approve" // 挂起批准
	ActionSuspensionReject  Action = "suspension_reject"  // 挂起驳回
	ActionResume            Action = "resume"             // 恢复办理 (end of a suspension)
	ActionMerge             Action = "merge"              // 并单: this duplicate joins a master
	ActionMergeIn           Action = "merge_in"           // 并单: a duplicate joined this master
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

// approvers decide extension and suspension requests.
var approvers = []string{auth.RoleDispatcher, auth.RoleSupervisor}

// withPendingRequest are the statuses an extension or suspension request
// may still be waiting in, so a decision-maker can reject it.
var withPendingRequest = []Status{StatusPending, StatusDispatched, StatusProcessing, StatusSuspended, StatusResolved}

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
	{ActionReturnUpstream, []Status{StatusPending, StatusDispatched, StatusProcessing, StatusSuspended},
		[]string{auth.RoleDispatcher}, false, StatusCancelled},
	{ActionAnswer, []Status{StatusNew, StatusPending}, centreRoles, false, StatusClosed},
	// Co-handlers (协办) act on their own part; the functions check that
	// the department is a current co-handler of this order.
	{ActionCoSign, handling, []string{auth.RoleDepartment}, false, ""},
	{ActionCoReply, handling, []string{auth.RoleDepartment}, false, ""},
	{ActionSummon, []Status{StatusPending, StatusDispatched, StatusProcessing}, []string{auth.RoleCommunity, auth.RoleStreet}, false, ""},
	{ActionExtensionRequest, handling, nil, true, ""},
	{ActionExtensionApprove, handling, approvers, false, ""},
	{ActionExtensionReject, withPendingRequest, approvers, false, ""},
	{ActionSuspensionRequest, []Status{StatusProcessing}, nil, true, ""},
	{ActionSuspensionApprove, []Status{StatusProcessing}, approvers, false, StatusSuspended},
	{ActionSuspensionReject, withPendingRequest, approvers, false, ""},
	{ActionResume, []Status{StatusSuspended}, nil, true, StatusProcessing},
	{ActionResume, []Status{StatusSuspended}, approvers, false, StatusProcessing},
	{ActionMerge, []Status{StatusNew, StatusPending, StatusDispatched, StatusProcessing}, []string{auth.RoleDispatcher}, false, StatusMerged},
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

// DueSoonWithin is how close a deadline must be to warn about it.
const DueSoonWithin = 24 * time.Hour

// DueSoon reports whether a deadline due, whose window opened at start,
// is close enough at now to warn about ("即将到期"): not yet past and less
// than DueSoonWithin away; for a window shorter than two such spans, also
// in its second half. A brand-new order whose whole limit is short (an
// emergency, a reply due in two hours, a consultation due tomorrow) is
// not flagged the moment it arrives.
func DueSoon(start, due, now time.Time) bool {
	if due.IsZero() || !now.Before(due) {
		return false
	}
	left := due.Sub(now)
	if left >= DueSoonWithin {
		return false
	}
	if window := due.Sub(start); !start.IsZero() && window > 0 && window < 2*DueSoonWithin && left*2 > window {
		return false
	}
	return true
}
