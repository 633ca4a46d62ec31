package open311

import (
	"slices"
	"strings"

	"civicgrid/internal/order"
)

// Open311 statuses.
const (
	statusOpen   = "open"
	statusClosed = "closed"
)

// closedStatuses are our statuses Open311 calls closed: resolved or ended
// otherwise. Suspended orders still need work, so they stay open.
var closedStatuses = []order.Status{order.StatusResolved, order.StatusClosed, order.StatusCancelled, order.StatusMerged}

// openClosed maps our status to Open311's two.
func openClosed(s order.Status) string {
	if slices.Contains(closedStatuses, s) {
		return statusClosed
	}
	return statusOpen
}

// ourStatuses are the statuses behind an Open311 status, for filters.
func ourStatuses(open311 string) []order.Status {
	var out []order.Status
	for _, s := range order.Statuses() {
		if openClosed(s) == open311 {
			out = append(out, s)
		}
	}
	return out
}

// FixMyStreet's extended statuses (servicerequestupdates).
const (
	fmsOpen             = "OPEN"
	fmsReopen           = "REOPEN"
	fmsInvestigating    = "INVESTIGATING"
	fmsInProgress       = "IN_PROGRESS"
	fmsActionScheduled  = "ACTION_SCHEDULED"
	fmsFixed            = "FIXED"
	fmsClosed           = "CLOSED"
	fmsDuplicate        = "DUPLICATE"
	fmsNotResponsible   = "NOT_COUNCILS_RESPONSIBILITY"
	fmsUnableToFix      = "UNABLE_TO_FIX"
	fmsNoFurtherAction  = "NO_FURTHER_ACTION"
	fmsInternalReferral = "INTERNAL_REFERRAL"
)

// extendedStatus is the FixMyStreet status of an order that moved to to
// by action (see the table in doc.go).
func extendedStatus(to order.Status, action order.Action) string {
	switch to {
	case order.StatusNew:
		return fmsOpen
	case order.StatusPending, order.StatusDispatched:
		return fmsInvestigating
	case order.StatusProcessing:
		return fmsInProgress
	case order.StatusSuspended:
		return fmsActionScheduled
	case order.StatusResolved:
		return fmsFixed
	case order.StatusClosed:
		if action == order.ActionAnswer {
			return fmsClosed
		}
		return fmsFixed
	case order.StatusCancelled:
		return fmsNoFurtherAction
	case order.StatusMerged:
		return fmsDuplicate
	}
	return fmsOpen
}

// clientStatusOpens lists the statuses a client sends to say the problem
// is still there (open-type); the others say it is done (closed-type).
var clientStatusOpens = []string{fmsOpen, fmsReopen, fmsInvestigating, fmsInProgress, fmsActionScheduled}

var clientStatusCloses = []string{fmsFixed, fmsClosed, fmsDuplicate, fmsNotResponsible, fmsUnableToFix, fmsNoFurtherAction, fmsInternalReferral}

// parseClientStatus normalises a status a client sent ("in progress",
// "In_Progress" …); ok is false for one we do not know.
func parseClientStatus(s string) (status string, opens, ok bool) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), "_"))
	switch {
	case slices.Contains(clientStatusOpens, s):
		return s, true, true
	case slices.Contains(clientStatusCloses, s):
		return s, false, true
	}
	return s, false, false
}

// actionText says what a step meant to the resident when its note is
// empty.
var actionText = map[order.Action]string{
	order.ActionAccept:   "已受理 accepted",
	order.ActionDispatch: "已派遣至承办单位 sent to the handling unit",
	order.ActionSign:     "承办单位已签收 the handling unit has taken it on",
	order.ActionReply:    "已答复 replied",
	order.ActionResolve:  "已办结 resolved",
	order.ActionCallback: "已回访 called back",
	order.ActionReopen:   "已重办 reopened",
	order.ActionCancel:   "已作废 cancelled",
	order.ActionAnswer:   "已答复 answered",
	order.ActionMerge:    "已并单 merged",
}
