package order

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"

	"civicgrid/internal/store"
)

// Candidate is an open order that may duplicate another (并单 proposal).
type Candidate struct {
	Order      Order   // as the actor may see it
	Score      float64 // 0..1, higher is likelier; the sort key
	Similarity float64 // character-bigram Jaccard of the descriptions, 0..1
	// Distance is between the two map points in metres, or -1 when either
	// has none (then they share a grid, or a community without grid).
	Distance     float64
	Gap          time.Duration // between the receipt times
	SameCategory bool
}

// Score = 0.55 × text similarity + 0.15 × same category + 0.2 × nearness
// (1 − distance/radius; 0.5 when matched by grid) + 0.1 × closeness in
// time (1 − gap/window). A candidate must share some text (similarity ≥
// 0.1) or the category to be proposed at all.
const (
	weightText        = 0.55
	weightCategory    = 0.15
	weightPlace       = 0.2
	weightTime        = 0.1
	placeWithoutPoint = 0.5
	minSimilarity     = 0.1
	maxCandidates     = 20
	// candidateScan bounds the rows read around one order (a dense grid
	// on a busy day), the newest first.
	candidateScan = 500
)

// Candidates proposes the open orders in a's scope that may duplicate the
// order with number: received within Policy.DuplicateWindow of it, within
// Policy.DuplicateRadius metres when both have a map point, else in the
// same grid (or community, when the grid is unknown), and sharing text or
// the category. Best first, at most 20.
func (s *Service) Candidates(ctx context.Context, a Actor, number string) ([]Candidate, error) {
	o, err := load(ctx, s.db, number)
	if err != nil {
		return nil, err
	}
	if !a.canSee(&o) {
		return nil, notFound(number)
	}
	return s.similar(ctx, a, &o, maxCandidates)
}

// similar scores the open orders in a's scope near o (see Candidates) and
// returns the best, at most limit. o need not be stored: a probe with ID 0
// stands for an order being typed (SimilarOpen).
func (s *Service) similar(ctx context.Context, a Actor, o *Order, limit int) ([]Candidate, error) {
	cond, args := s.nearby(o)
	page, err := s.page(ctx, a, cond, args, `o.received_at DESC, o.id DESC`, candidateScan, 0)
	if err != nil {
		return nil, err
	}
	grams := bigrams(o.Description)
	out := []Candidate{}
	for _, c := range page.Orders {
		cand := Candidate{Order: c, Similarity: jaccard(grams, bigrams(c.Description)), Distance: -1,
			Gap: absDuration(c.ReceivedAt.Sub(o.ReceivedAt)), SameCategory: c.Category == o.Category}
		place := placeWithoutPoint
		if o.Point != nil && c.Point != nil {
			cand.Distance = metres(*o.Point, *c.Point)
			if cand.Distance > s.policy.DuplicateRadius {
				continue // inside the bounding box, outside the circle
			}
			place = 1 - cand.Distance/s.policy.DuplicateRadius
		}
		if cand.Similarity < minSimilarity && !cand.SameCategory {
			continue
		}
		cand.Score = weightText*cand.Similarity + weightPlace*place +
			weightTime*(1-float64(cand.Gap)/float64(s.policy.DuplicateWindow))
		if cand.SameCategory {
			cand.Score += weightCategory
		}
		cand.Score = math.Round(cand.Score*1e4) / 1e4
		out = append(out, cand)
	}
	slices.SortStableFunc(out, func(x, y Candidate) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(x.Gap, y.Gap), strings.Compare(x.Order.Number, y.Order.Number))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// nearby is the WHERE term for open orders other than o, received within
// the window of it and near it: inside the radius's bounding box when both
// have a point, else in o's grid (or community without grid).
func (s *Service) nearby(o *Order) (string, []any) {
	window := s.policy.DuplicateWindow
	cond := `o.id <> ? AND o.status IN (` + marks(len(duplicateStatuses)) + `) AND o.received_at BETWEEN ? AND ?`
	args := []any{o.ID}
	for _, st := range duplicateStatuses {
		args = append(args, string(st))
	}
	args = append(args, store.Millis(o.ReceivedAt.Add(-window)), store.Millis(o.ReceivedAt.Add(window)))
	same, sameArgs := `o.grid_code = ?`, []any{o.GridCode}
	if o.GridCode == "" {
		same, sameArgs = `(o.grid_code = '' AND o.community_code = ?)`, []any{o.CommunityCode}
	}
	if o.Point == nil {
		return cond + ` AND ` + same, append(args, sameArgs...)
	}
	dLat := s.policy.DuplicateRadius / metresPerDegree
	dLng := dLat / math.Max(math.Cos(o.Point.Lat*math.Pi/180), 0.01)
	cond += ` AND ((o.lng BETWEEN ? AND ? AND o.lat BETWEEN ? AND ?) OR (o.lng IS NULL AND ` + same + `))`
	args = append(args, o.Point.Lng-dLng, o.Point.Lng+dLng, o.Point.Lat-dLat, o.Point.Lat+dLat)
	return cond, append(args, sameArgs...)
}

// duplicateStatuses are the open orders a duplicate is looked for among.
var duplicateStatuses = []Status{StatusNew, StatusPending, StatusDispatched, StatusProcessing, StatusSuspended}

// metresPerDegree of latitude (and of longitude at the equator) on a
// sphere of the Earth's mean radius.
const (
	earthRadius     = 6371008.8
	metresPerDegree = earthRadius * math.Pi / 180
)

// metres is the great-circle (haversine) distance between two points.
func metres(a, b Point) float64 {
	rad := math.Pi / 180
	dLat, dLng := (b.Lat-a.Lat)*rad, (b.Lng-a.Lng)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * earthRadius * math.Asin(math.Min(1, math.Sqrt(h)))
}

// bigrams is the set of adjacent character pairs of s's letters and
// digits (punctuation and spaces dropped, Latin letters lower-cased): for
// Chinese text a fair stand-in for word overlap without segmentation. A
// text of one character is its own gram.
func bigrams(s string) map[string]bool {
	var rs []rune
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, unicode.ToLower(r))
		}
	}
	set := map[string]bool{}
	if len(rs) == 1 {
		set[string(rs)] = true
	}
	for i := 0; i+1 < len(rs); i++ {
		set[string(rs[i:i+2])] = true
	}
	return set
}

// jaccard is |a ∩ b| / |a ∪ b|, 0 for two empty sets.
func jaccard(a, b map[string]bool) float64 {
	inter := 0
	for g := range a {
		if b[g] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
