package report

// Counts are the counters every measure is a ratio of, for one group of
// orders: those received (received_at) in the period at one node, and
// optionally one department and category. They add up, so a period's
// counts are the sum of its days' (the rollup) and a district's the sum
// of its streets'.
//
// "Valid" (有效工单) is an order neither cancelled (作废: not a real
// request) nor merged (并单: a duplicate that lives on in its master);
// every counter below Patrol counts valid orders only. "Done" (办结) is
// status resolved (已办结, awaiting the callback) or closed (已回访归档,
// or a consultation answered directly).
type Counts struct {
	Received  int64 `json:"received"`  // 受理量: every order received
	Cancelled int64 `json:"cancelled"` // 作废
	Merged    int64 `json:"merged"`    // 并单: duplicates merged into a master
	Patrol    int64 `json:"patrol"`    // 未诉先办: found on a grid worker's patrol (channel patrol)

	// ReplyDue: the provisional reply (暂时性答复) was given, or its due
	// time (reply_due_at) has passed by the as-of time. ReplyOnTime: the
	// first reply came no later than reply_due_at.
	ReplyDue    int64 `json:"reply_due"`
	ReplyOnTime int64 `json:"reply_on_time"`

	// Resolved: done. ResolveDue: done, or still open (new, pending,
	// dispatched, processing — not suspended, whose clock stops) with
	// resolve_due_at passed by the as-of time. ResolvedOnTime: done no
	// later than resolve_due_at, the deadline after approved extensions
	// (and, after a reopen, the new deadline of the rework).
	Resolved       int64 `json:"resolved"`
	ResolveDue     int64 `json:"resolve_due"`
	ResolvedOnTime int64 `json:"resolved_on_time"`

	// CallbackDue: done and waiting for or given a callback — resolved, or
	// closed by a callback (not a consultation answered on the spot,
	// which closes with no callback). CalledBack: called back after the
	// latest resolution (callback_at ≥ resolved_at).
	CallbackDue int64 `json:"callback_due"`
	CalledBack  int64 `json:"called_back"`

	// Rated: the resident gave a rating at a callback; the latest rating
	// counts. Satisfied (满意) and Basic (基本满意); the rest are 不满意.
	Rated     int64 `json:"rated"`
	Satisfied int64 `json:"satisfied"`
	Basic     int64 `json:"basic"`

	// Reworked: reopened (重办) at least once. ResolvedOnce: resolved at
	// least once (done now, or reworked: only a resolved order is
	// reopened).
	Reworked     int64 `json:"reworked"`
	ResolvedOnce int64 `json:"resolved_once"`

	// Extended: at least one extension (延期) was approved.
	Extended int64 `json:"extended"`
}

// Valid is the number of valid orders (有效工单): received less cancelled
// and merged.
func (c Counts) Valid() int64 { return c.Received - c.Cancelled - c.Merged }

// Unsatisfied is the number rated 不满意.
func (c Counts) Unsatisfied() int64 { return c.Rated - c.Satisfied - c.Basic }

// add sums o into c.
func (c *Counts) add(o Counts) {
	f, g := c.fields(), o.fields()
	for i := range f {
		*f[i] += *g[i]
	}
}

// fields lists the counters in the order of counters (the SQL columns).
func (c *Counts) fields() []*int64 {
	return []*int64{&c.Received, &c.Cancelled, &c.Merged, &c.Patrol, &c.ReplyDue, &c.ReplyOnTime,
		&c.Resolved, &c.ResolveDue, &c.ResolvedOnTime, &c.CallbackDue, &c.CalledBack,
		&c.Rated, &c.Satisfied, &c.Basic, &c.Reworked, &c.ResolvedOnce, &c.Extended}
}

// counter is one counter as SQL: the rollup column and the condition an
// order of the group must meet to be counted. A condition with asOf
// takes the as-of time (Unix ms) as its one parameter.
type counter struct {
	column string
	when   string
	asOf   bool
}

// The conditions, written once; the statuses are internal/order's.
const (
	valid = `status NOT IN ('cancelled','merged')`
	done  = `status IN ('resolved','closed')`
	// open are the statuses in which the resolution clock runs.
	open = `status IN ('new','pending','dispatched','processing')`
)

// counters are the Counts fields as SQL, in the order of Counts.fields.
var counters = []counter{
	{"received", `1 = 1`, false},
	{"cancelled", `status = 'cancelled'`, false},
	{"merged", `status = 'merged'`, false},
	{"patrol", `channel = 'patrol'`, false},
	{"reply_due", valid + ` AND (replied_at > 0 OR reply_due_at <= ?)`, true},
	{"reply_on_time", valid + ` AND replied_at > 0 AND replied_at <= reply_due_at`, false},
	{"resolved", done, false},
	{"resolve_due", `(` + done + ` OR (` + open + ` AND resolve_due_at <= ?))`, true},
	{"resolved_on_time", done + ` AND resolved_at <= resolve_due_at`, false},
	{"callback_due", `(status = 'resolved' OR (status = 'closed' AND callback_at > 0))`, false},
	{"called_back", done + ` AND callback_at > 0 AND callback_at >= resolved_at`, false},
	{"rated", valid + ` AND rating <> ''`, false},
	{"satisfied", valid + ` AND rating = 'satisfied'`, false},
	{"basic", valid + ` AND rating = 'basic'`, false},
	{"reworked", valid + ` AND reworks > 0`, false},
	{"resolved_once", `(` + done + ` OR (` + valid + ` AND reworks > 0))`, false},
	{"extended", valid + ` AND extensions > 0`, false},
}

// countSQL is the select list that counts the orders of a group directly,
// and the arguments it needs (the as-of time where a condition asks).
func countSQL(asOf int64) (string, []any) {
	var sql string
	var args []any
	for i, c := range counters {
		if i > 0 {
			sql += ", "
		}
		sql += `COALESCE(SUM(CASE WHEN ` + c.when + ` THEN 1 ELSE 0 END), 0)`
		if c.asOf {
			args = append(args, asOf)
		}
	}
	return sql, args
}

// sumSQL is the select list that sums rollup rows.
func sumSQL() string {
	var sql string
	for i, c := range counters {
		if i > 0 {
			sql += ", "
		}
		sql += `CAST(COALESCE(SUM(` + c.column + `), 0) AS BIGINT)`
	}
	return sql
}

// columnList is the counter columns, for INSERT.
func columnList() string {
	var sql string
	for i, c := range counters {
		if i > 0 {
			sql += ", "
		}
		sql += c.column
	}
	return sql
}
