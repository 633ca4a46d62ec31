package audit

import (
	"context"
	"time"

	"civicgrid/internal/store"
)

// Actor is who performs a change. The zero Actor is the command line.
type Actor struct {
	UserID int64
	Name   string
	IP     string
}

// CommandLine is the actor name recorded for the zero Actor.
const CommandLine = "(command line)"

// Record appends an entry for an action by a on target, at now.
func (a Actor) Record(ctx context.Context, q store.Querier, now time.Time, action, target, detail string) error {
	name := a.Name
	if a == (Actor{}) {
		name = CommandLine
	}
	return Record(ctx, q, Entry{At: now, ActorID: a.UserID, ActorName: name, Action: action, Target: target, Detail: detail, IP: a.IP})
}
