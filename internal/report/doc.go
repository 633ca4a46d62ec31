// Package report computes the measures of the work-order engine
// (docs/design.md §3 "Measures"): received (受理量), 响应率,
// 按期办结率, 办结率, 满意率, 回访率, 返工率, 延期率, 并单率, the 未诉先办
// share and the weighted 三率 score, for any node of the region tree (or
// grid), department, category and period, and rankings of streets,
// communities, grids and departments by score.
//
// One cohort for every measure: the orders received (orders.received_at,
// the time of receipt; it differs from created_at only for orders
// imported from an upstream platform, which keep their upstream receipt
// time) in the half-open period [from, to). Each ratio is a ratio of
// counters of that cohort (Counts, counts.go), so figures add up over
// days and nodes, a period's orders are judged once whatever the measure,
// and the rollup can keep them per day. The formulas are documented where
// they are computed (rates.go, score.go) and exported as text
// (Definitions) for pages to show.
//
// Deadlines are judged at an as-of time: a reply or resolution not yet
// due is not a failure. Measures are computed directly from the orders
// table (one GROUP BY query per measure group) or, once built, from daily
// rollups kept exact as of their watermark (rollup_build.go), which is
// what makes a district's year a few hundred rows. Callers run Refresh
// periodically (Run); a rollup older than Config.MaxAge is ignored, and
// Query.Direct skips it.
//
// The viewer's scope (auth.Scope) is checked here, so an HTTP handler only
// parses parameters: a node outside the scope is ErrNotFound, a department
// user sees only their own department.
package report
