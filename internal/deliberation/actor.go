package deliberation

import (
	"slices"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/order"
)

// Actor is a signed-in staff user with the scope the server computed, or a
// resident on the public page (the zero User).
type Actor struct {
	User  auth.User
	Scope auth.Scope
	IP    string
}

// Resident is the actor of a resident proposing a topic.
func Resident(ip string) Actor { return Actor{IP: ip} }

func (a Actor) resident() bool { return a.User.Role == "" }

func (a Actor) audit() audit.Actor {
	if a.resident() {
		return audit.Actor{Name: "居民", IP: a.IP}
	}
	return auth.ActorOf(a.User, a.IP)
}

func (a Actor) orderActor() order.Actor { return order.StaffActor(a.User, a.Scope, a.IP) }

// Community and street staff (and admins) keep the deliberation of the
// communities in their scope; leaders and supervisors read it.
var (
	workRoles = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleStreet}
	readRoles = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleStreet, auth.RoleLeader, auth.RoleSupervisor}
)

// MayRead reports whether the role reads topics and meetings at all.
func MayRead(role string) bool { return slices.Contains(readRoles, role) }

// MayWork reports whether the role puts forward topics and runs meetings.
func MayWork(role string) bool { return slices.Contains(workRoles, role) }

func (a Actor) works(community string) bool {
	return MayWork(a.User.Role) && a.Scope.CoversRegion(community)
}

// Actions on a topic.
const (
	ActionSchedule = "schedule" // put on a meeting
	ActionDecline  = "decline"  // 不予议事, with a reason
	ActionDecide   = "decide"   // record the meeting's decision
	ActionTask     = "task"     // add a follow-up task
)

// Actions on a meeting.
const (
	ActionParticipant = "participant" // add a participant
	ActionHold        = "hold"        // record that it was held, with minutes
	ActionPublish     = "publish"     // publish the results
)

// Actions on a task.
const ActionComplete = "complete"

// TopicActions lists what a may do to t now (m is t's meeting, zero when
// none). Pages and the API draw their buttons from it; every step checks
// again on submit.
func TopicActions(a Actor, t Topic, m Meeting) []string {
	if !a.works(t.CommunityCode) {
		return nil
	}
	var out []string
	switch {
	case t.Status == TopicProposed || (t.Status == TopicDecided && t.Outcome == OutcomeDeferred && m.Status == MeetingPublished):
		out = append(out, ActionSchedule)
		if t.Status == TopicProposed {
			out = append(out, ActionDecline)
		}
	case t.Status == TopicScheduled && m.Status == MeetingHeld:
		out = append(out, ActionDecide)
	}
	if t.Status == TopicDecided && t.Outcome == OutcomeAdopted {
		out = append(out, ActionTask)
	}
	return out
}

// MeetingActions lists what a may do to m now.
func MeetingActions(a Actor, m Meeting, topics []Topic) []string {
	if !a.works(m.CommunityCode) {
		return nil
	}
	switch m.Status {
	case MeetingPlanned:
		return []string{ActionParticipant, ActionHold}
	case MeetingHeld:
		out := []string{ActionParticipant}
		if allDecided(topics) {
			out = append(out, ActionPublish)
		}
		return out
	}
	return nil
}

// TaskActions lists what a may do to k now.
func TaskActions(a Actor, community string, k Task) []string {
	if k.Status == TaskOpen && a.works(community) {
		return []string{ActionComplete}
	}
	return nil
}

func allDecided(ts []Topic) bool {
	if len(ts) == 0 {
		return false
	}
	for _, t := range ts {
		if t.Status != TopicDecided {
			return false
		}
	}
	return true
}
