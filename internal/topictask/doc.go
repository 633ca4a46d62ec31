// Package topictask hands a hot topic (internal/hottopic) to one unit as
// one coordinated task (统筹交办 — 未诉先办 at district scale): the centre
// picks the topic's orders on the dispatch board or the dashboard, a lead
// department and a due date; the orders are linked to the task (an order
// to one task at most), the department sees it in its list, records
// progress and closes it with the outcome. Each order still runs its own
// course; the task is what the unit answers for as a whole, and its
// progress shows how many of its orders are resolved (docs/design.md §15).
package topictask
