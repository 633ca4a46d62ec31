package report

// Days for the rollup are local days of the report zone, numbered from
// 1970-01-01: day d runs from dayStart(d) to dayStart(d+1). The orders
// table holds Unix ms; in SQL the day of a time t is (t + offset) / dayMs
// (integer division on both stores; times are after 1970).
const dayMs = 24 * 60 * 60 * 1000

func (r *Reporter) dayOf(ms int64) int64 { return floorDiv(ms+r.offsetMs, dayMs) }

func (r *Reporter) dayStart(d int64) int64 { return d*dayMs - r.offsetMs }

// span is a half-open interval of received_at, [from, to) in Unix ms.
type span struct{ from, to int64 }

// split cuts [from, to) into the whole days inside it, first..last (none
// when first > last), and the partial days at either end.
func (r *Reporter) split(from, to int64) (first, last int64, edges []span) {
	if to <= from {
		return 1, 0, nil
	}
	first = floorDiv(from+r.offsetMs+dayMs-1, dayMs)
	last = floorDiv(to+r.offsetMs, dayMs) - 1
	if first > last {
		return 1, 0, []span{{from, to}}
	}
	if s := r.dayStart(first); from < s {
		edges = append(edges, span{from, s})
	}
	if e := r.dayStart(last + 1); e < to {
		edges = append(edges, span{e, to})
	}
	return first, last, edges
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
