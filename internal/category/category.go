package category

import (
	"fmt"
	"time"
)

// Kinds of category (GB/T 30428: 部件 and 事件; plus consultations, which
// the operator may answer directly).
const (
	KindComponent = "component" // 部件: a facility that is broken or missing
	KindEvent     = "event"     // 事件: something happening
	KindConsult   = "consult"   // 咨询: a question
)

// Urgencies, with the limits a new category gets when none are given.
const (
	UrgencyNormal    = "normal"
	UrgencyUrgent    = "urgent"
	UrgencyEmergency = "emergency"
)

// Category is one entry of the catalogue.
type Category struct {
	Code       string // stable ASCII, e.g. "streetlight.out"
	ParentCode string // "" for a top class
	NameZh     string
	NameEn     string
	Kind       string
	Route      Route
	Urgency    string
	Limits     Limits
	Fields     []Field  // extra fields an order of this category carries
	Keywords   []string // words residents use, for suggesting a category
	SortOrder  int
	Active     bool
	// Leaf is true when no category has this one as parent; orders are
	// filed under leaves. Computed on read.
	Leaf      bool
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Limits are the time limits an order copies from its category. Reply is
// clock time after receipt (暂时性答复, 2 hours by default). Resolution is
// either ResolveWorkingDays working days (ends at 24:00 of the N-th
// working day after the day of receipt) or, for emergencies,
// ResolveWithin clock time; exactly one is set.
type Limits struct {
	Reply              time.Duration
	ResolveWorkingDays int
	ResolveWithin      time.Duration
}

// DefaultLimits are the limits by urgency: normal matters 2 hours / 3
// working days (docs/design.md §3), urgent 1 hour / 1 working day, emergencies
// 30 minutes / 4 hours.
func DefaultLimits(urgency string) Limits {
	switch urgency {
	case UrgencyUrgent:
		return Limits{Reply: time.Hour, ResolveWorkingDays: 1}
	case UrgencyEmergency:
		return Limits{Reply: 30 * time.Minute, ResolveWithin: 4 * time.Hour}
	default:
		return Limits{Reply: 2 * time.Hour, ResolveWorkingDays: 3}
	}
}

// String is a short description for audit entries, e.g. "reply 2h0m0s,
// resolve 3 working days".
func (l Limits) String() string {
	if l.ResolveWorkingDays > 0 {
		return fmt.Sprintf("reply %s, resolve %d working days", l.Reply, l.ResolveWorkingDays)
	}
	return fmt.Sprintf("reply %s, resolve %s", l.Reply, l.ResolveWithin)
}

// Bounds on limits, against typing mistakes (minutes for days).
const (
	maxReply         = 7 * 24 * time.Hour
	maxWorkingDays   = 365
	maxResolveWithin = 90 * 24 * time.Hour
)

func (l Limits) check() error {
	switch {
	case l.Reply < time.Minute || l.Reply > maxReply:
		return invalid("limits.reply", "must be between 1 minute and %s, got %s", maxReply, l.Reply)
	case l.Reply%time.Minute != 0:
		return invalid("limits.reply", "must be whole minutes, got %s", l.Reply)
	case (l.ResolveWorkingDays > 0) == (l.ResolveWithin > 0):
		return invalid("limits.resolve", "give either working days or a clock duration, exactly one")
	case l.ResolveWorkingDays < 0 || l.ResolveWorkingDays > maxWorkingDays:
		return invalid("limits.resolve_working_days", "must be 1 to %d", maxWorkingDays)
	case l.ResolveWithin < 0 || l.ResolveWithin > maxResolveWithin:
		return invalid("limits.resolve_within", "must be at most %s", maxResolveWithin)
	case l.ResolveWithin%time.Minute != 0:
		return invalid("limits.resolve_within", "must be whole minutes, got %s", l.ResolveWithin)
	case l.ResolveWithin > 0 && l.ResolveWithin < l.Reply:
		return invalid("limits.resolve_within", "must not be shorter than the reply limit")
	}
	return nil
}
