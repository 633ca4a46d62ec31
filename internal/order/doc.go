// Package order is the work-order engine (工单, 接诉即办): intake from every
// channel, the ladder of docs/design.md §3 (grid → street → centre →
// department), the append-only timeline and the outbox.
//
// Every change runs in one transaction that checks the actor's role and
// scope on the server (an order outside the scope is ErrNotFound, never a
// 403 that would confirm it exists), checks the transition against the
// table in transition.go, checks the optimistic version, updates the order
// and appends the timeline event and the outbox event. Reporter contact
// details are sealed with internal/pii and shown masked; a 保密
// (confidential) order hides its reporter from handlers entirely.
//
// The package knows nothing of HTTP: errors are sentinels and typed
// errors (errors.go) that an HTTP layer maps to status codes.
package order
