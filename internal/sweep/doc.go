// Package sweep is the deadline sweeper (docs/design.md §3 and §6).
//
// Deadlines are columns on orders (reply_due_at, resolve_due_at). Each
// tick of a Sweeper, for the open orders (new, pending, dispatched,
// processing):
//
//   - warns before a deadline: Policy.ReplyWarning before the provisional
//     reply is due (while none was given), Policy.ResolveWarning before
//     the resolution is due;
//   - marks a deadline overdue once it has passed;
//   - escalates an order whose resolution is overdue along Policy.Ladder:
//     by default grid → street (dispatched to the street office), street
//     → centre (pending for a dispatcher), and at a department or the
//     centre it flags the order for supervision (督办) by setting
//     orders.supervision_flagged_at. The next rung waits Policy.Grace, and
//     an order a person handed to its handler less than Grace ago waits
//     until the handler has had Grace.
//
// Every step writes a timeline event (actor role "system") and an outbox
// event (topic "order.<action>", payload Payload) in the same transaction
// as the change. Each step is claimed by a conditional UPDATE that
// re-checks the condition that selected the row (and, for escalations,
// the order's version), and on PostgreSQL rows another sweeper is working
// on are skipped (FOR UPDATE SKIP LOCKED): several nodes may tick at once
// and no order is ever warned, marked or escalated twice for one
// deadline. A deadline that moves (reopen, extension) re-arms its steps.
//
// Warnings and marks do not change an order's version (a handler acting
// at that moment is not refused); escalations do, like a person's
// escalation.
package sweep
