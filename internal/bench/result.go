package bench

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Measure is one figure with its unit, e.g. 2.1e6 "lookups/s".
type Measure struct {
	Value float64
	Unit  string
}

func (m Measure) String() string { return formatValue(m.Value) + " " + m.Unit }

// Result is what a bench found.
type Result struct {
	Ours     Measure
	PeerName string // e.g. "PostGIS"
	Peer     Measure
	// LowerIsBetter says the unit is a time (per operation or per run), so
	// the ratio is peer/ours: above 1 still means we are faster.
	LowerIsBetter bool
	// PeerErr, when set, says why the peer could not be measured; Peer is
	// then meaningless and the run fails with ErrPeerUnavailable.
	PeerErr error
	// Extra lines (latency percentiles, sizes, checks) printed on stdout
	// before the result line.
	Extra []string
}

// Ratio is how many times faster ours is than the peer: ours/peer for
// rates, peer/ours for times.
func (r Result) Ratio() (float64, error) {
	if r.PeerErr != nil {
		return 0, fmt.Errorf("%w: %v", ErrPeerUnavailable, r.PeerErr)
	}
	if r.Ours.Unit != r.Peer.Unit {
		return 0, fmt.Errorf("bench: ours in %q but peer in %q: not comparable", r.Ours.Unit, r.Peer.Unit)
	}
	num, den := r.Ours.Value, r.Peer.Value
	if r.LowerIsBetter {
		num, den = den, num
	}
	if !(num > 0) || !(den > 0) || math.IsInf(num, 0) || math.IsInf(den, 0) {
		return 0, fmt.Errorf("bench: no ratio of %s and %s", r.Ours, r.Peer)
	}
	return num / den, nil
}

// Line is the one-line summary, the last thing a bench prints on stdout:
//
//	bench NAME: <value> <unit>; peer <peer> <value> <unit>; ratio <ours/peer>
//
// When the peer was unavailable it says so instead of giving a figure.
func (r Result) Line(name string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "bench %s: %s; peer %s ", name, r.Ours, r.PeerName)
	ratio, err := r.Ratio()
	switch {
	case r.PeerErr != nil:
		b.WriteString("unavailable")
	case err != nil:
		fmt.Fprintf(&b, "%s; ratio unavailable", r.Peer)
	default:
		fmt.Fprintf(&b, "%s; ratio %s", r.Peer, formatRatio(ratio))
	}
	return b.String()
}

// formatValue keeps at least three significant digits and no exponent for
// everyday sizes: 2145873 → "2145873", 21.537 → "21.54", 0.01234 → "0.0123".
func formatValue(v float64) string {
	switch a := math.Abs(v); {
	case a >= 1000:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	case a == 0:
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

func formatRatio(r float64) string {
	switch {
	case r >= 10:
		return strconv.FormatFloat(r, 'f', 1, 64)
	case r >= 0.1:
		return strconv.FormatFloat(r, 'f', 2, 64)
	}
	return strconv.FormatFloat(r, 'g', 3, 64)
}
