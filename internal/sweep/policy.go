package sweep

import (
	"fmt"
	"slices"
	"time"

	"civicgrid/internal/category"
)

// Escalation is what the sweeper does with an order whose resolution is
// overdue at a level of the ladder.
type Escalation string

const (
	Stay          Escalation = "stay"        // nothing beyond the overdue mark
	ToStreet      Escalation = "street"      // 街道首办: dispatched to the order's street office
	ToCentre      Escalation = "centre"      // 指挥中心: pending for a dispatcher
	ToSupervision Escalation = "supervision" // 督办: orders.supervision_flagged_at is set
)

// DefaultLadder is the five-step method (五办工作法) applied to overdue
// orders.
var DefaultLadder = map[string]Escalation{
	category.LevelGrid:       ToStreet,
	category.LevelStreet:     ToCentre,
	category.LevelCentre:     ToSupervision,
	category.LevelDepartment: ToSupervision,
}

// climbs says where an order at each level may be sent: only up. A
// department's order is not taken from it (it may have co-handlers); it
// is supervised.
var climbs = map[string][]Escalation{
	category.LevelGrid:       {Stay, ToStreet, ToCentre, ToSupervision},
	category.LevelStreet:     {Stay, ToCentre, ToSupervision},
	category.LevelCentre:     {Stay, ToSupervision},
	category.LevelDepartment: {Stay, ToSupervision},
}

// Policy defaults.
const (
	DefaultReplyWarning   = 30 * time.Minute
	DefaultResolveWarning = 4 * time.Hour
	DefaultGrace          = 4 * time.Hour
)

// Policy says when to warn and how to escalate. Zero fields take the
// defaults.
type Policy struct {
	// ReplyWarning is how long before the provisional reply is due the
	// warning goes out; negative disables it. A limit shorter than the
	// lead (an emergency) is warned at the first tick.
	ReplyWarning time.Duration
	// ResolveWarning is the same before the resolution is due.
	ResolveWarning time.Duration
	// Grace is how long a handler that received an overdue order (from
	// the sweeper or a person) has before it climbs the next rung.
	Grace time.Duration
	// Ladder maps a level (category.Level…) to what happens there when the
	// resolution is overdue; a level left out stays. Nil means
	// DefaultLadder.
	Ladder map[string]Escalation
}

func (p Policy) withDefaults() (Policy, error) {
	if p.ReplyWarning == 0 {
		p.ReplyWarning = DefaultReplyWarning
	}
	if p.ResolveWarning == 0 {
		p.ResolveWarning = DefaultResolveWarning
	}
	if p.Grace == 0 {
		p.Grace = DefaultGrace
	}
	if p.Grace < time.Second {
		return p, fmt.Errorf("sweep: grace %v: want at least a second", p.Grace)
	}
	if p.Ladder == nil {
		p.Ladder = DefaultLadder
	}
	ladder := make(map[string]Escalation, len(p.Ladder))
	for level, e := range p.Ladder {
		allowed, ok := climbs[level]
		if !ok {
			return p, fmt.Errorf("sweep: ladder: unknown level %q (want grid, street, centre or department)", level)
		}
		if !slices.Contains(allowed, e) {
			return p, fmt.Errorf("sweep: ladder: an order at %s level cannot go to %q (allowed: %v)", level, e, allowed)
		}
		ladder[level] = e
	}
	p.Ladder = ladder
	return p, nil
}

// step is what the ladder says for level; a level left out stays.
func (p Policy) step(level string) Escalation {
	if e, ok := p.Ladder[level]; ok {
		return e
	}
	return Stay
}
