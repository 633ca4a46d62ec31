// Package bench measures civicgrid against the real things a user would
// otherwise use (PostGIS, bare SQL …), in one run on one machine, and
// reports the ratio. Each bench generates its own data from a seed, writes
// progress to a writer (stderr), and ends with one line on stdout:
//
//	bench NAME: <value> <unit>; peer <peer> <value> <unit>; ratio <ours/peer>
//
// where a ratio above 1 always means civicgrid is faster. Timings are never
// asserted in tests; this package is the only place they are taken.
//
// A bench is a file that registers itself in init (see register); the
// command `civicgrid-bench NAME` (cmd/civicgrid-bench, kept out of the
// product binary) finds it by name.
package bench
