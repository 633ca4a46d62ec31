package order

import (
	"slices"

	"civicgrid/internal/auth"
)

// duplicateSeekers are shown an open order's likely duplicates (并单
// proposals): the centre, which merges them, and supervisors, who look
// for repeated complaints.
var duplicateSeekers = []string{auth.RoleOperator, auth.RoleDispatcher, auth.RoleSupervisor}

// SeeksDuplicates reports whether a's view of an open order lists its
// likely duplicates (Candidates).
func (a Actor) SeeksDuplicates() bool { return slices.Contains(duplicateSeekers, a.Role) }

// MayMerge reports whether a may merge a duplicate into o now: the
// transition table's rule for the merge step (dispatchers, open orders).
// Merge still checks both orders on submit.
func MayMerge(a Actor, o Order) bool {
	return slices.Contains(Allowed(o.Status, o.Level, a.Role), ActionMerge)
}
