// Package supervision is 纪检监察督办, the fifth rung of the ladder
// (docs/design.md §3): supervisors see the orders in their area that are
// overdue, returned too often, reopened or rated 不满意 (Candidates), open
// a case on one with a demand and a due date (Open), the order's handler
// answers (Answer), and the supervisor closes the case with an outcome
// and any accountability (问责: a person or a unit; 约谈, 通报批评, 诫勉 …).
//
// A case goes open → answered → closed; a supervisor may also close an
// open case once its due date has passed unanswered. One case at a time
// per order. Every step is written to the order's timeline (through
// order.Service.AppendEvent, with its outbox event) and to the audit log,
// in the step's transaction. Scope is the order's: outside it a case is
// ErrNotFound. Cases use optimistic locking like orders (ErrStaleVersion).
package supervision
