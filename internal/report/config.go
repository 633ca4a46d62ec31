package report

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// Weights are the weights of the 三率 score (Score): 响应率, 解决率 and
// 满意率. Only their proportions matter (the score is normalised to 100).
type Weights struct {
	Response     float64 `json:"response"`
	Solve        float64 `json:"solve"`
	Satisfaction float64 `json:"satisfaction"`
}

// DefaultWeights are the Beijing 12345 接诉即办 三率 weights: 响应率 10%,
// 解决率 45%, 满意率 45%.
var DefaultWeights = Weights{Response: 10, Solve: 45, Satisfaction: 45}

// RatingWeights say how much a rating counts towards 满意率. 12345 lines
// differ: most publish 满意率 as (满意 + 基本满意) / rated, so the default
// counts 基本满意 fully; some weight it 0.8. 不满意 always counts 0.
// StrictSatisfaction (满意 only) is reported beside it either way.
type RatingWeights struct {
	Satisfied float64 `json:"satisfied"`
	Basic     float64 `json:"basic"`
}

// DefaultRatingWeights count 满意 and 基本满意 as 1.
var DefaultRatingWeights = RatingWeights{Satisfied: 1, Basic: 1}

// SolveBasis chooses the measure that stands for 解决率 in the score.
type SolveBasis string

const (
	// SolveByResolveRate (default): 解决率 = 办结率, the share of valid
	// orders resolved. Beijing's 解决率 asks whether the problem was
	// solved, not whether on time (timeliness is what 响应率 scores), and
	// 办结率 is the outcome the system records.
	SolveByResolveRate SolveBasis = "resolve_rate"
	// SolveByOnTimeRate: 解决率 = 按期办结率, for lines that score the
	// deadline too.
	SolveByOnTimeRate SolveBasis = "on_time_resolve_rate"
)

// Defaults for Config.
const (
	DefaultMinSample  = 30
	DefaultMinRanked  = 10
	DefaultRefreshLag = 2 * time.Minute
	DefaultMaxAge     = 10 * time.Minute
	maxPeriod         = 3660 * 24 * time.Hour // ten years
)

// chinaZone: China keeps UTC+8 with no daylight saving.
var chinaZone = zone.Shanghai()

// Config is what a Reporter needs; only DB is required.
type Config struct {
	DB *store.DB
	// Weights of the 三率 score; zero means DefaultWeights.
	Weights Weights
	// Ratings weigh 满意 and 基本满意 in 满意率; zero means
	// DefaultRatingWeights.
	Ratings RatingWeights
	// Solve chooses 解决率; "" means SolveByResolveRate.
	Solve SolveBasis
	// MinSample flags a rate whose denominator is smaller as thin (a rate
	// on 2 orders says little); 0 means DefaultMinSample. Thirty is the
	// usual rule of thumb: at 90% on 30 orders one order is 3 points.
	MinSample int
	// MinRanked is the fewest valid orders a unit needs in the period to
	// be ranked: below it the unit is listed with its figures but no rank
	// (one order handled well must not put a department first). 0 means
	// DefaultMinRanked; negative means no minimum.
	MinRanked int
	// Zone cuts days for the rollup and reads date-only bounds; nil means
	// Asia/Shanghai (UTC+8). It must have a fixed offset.
	Zone *time.Location
	// RefreshLag is how far back a refresh looks for changes before the
	// last one, for transactions that committed late and clocks of other
	// nodes that run behind; 0 means DefaultRefreshLag.
	RefreshLag time.Duration
	// MaxAge is how old the rollup may be and still answer: past it (the
	// refresh is not running, or failing) measures are counted from the
	// orders table, slower but never stale; 0 means DefaultMaxAge.
	MaxAge time.Duration
	// Now is the time source; nil means time.Now. Tests set it.
	Now func() time.Time
	// Logger gets Run's reports and errors; nil means slog.Default().
	Logger *slog.Logger
}

// Reporter computes measures and rankings and keeps the rollup. It is
// safe for concurrent use, also from several nodes on one PostgreSQL.
type Reporter struct {
	db         *store.DB
	weights    Weights
	ratings    RatingWeights
	solve      SolveBasis
	minSample  int
	minRanked  int
	zone       *time.Location
	offsetMs   int64 // zone's offset east of UTC
	refreshLag time.Duration
	maxAge     time.Duration
	now        func() time.Time
	log        *slog.Logger
}

// New checks cfg and makes a Reporter.
func New(cfg Config) (*Reporter, error) {
	if cfg.DB == nil {
		return nil, errors.New("report: no database")
	}
	r := &Reporter{db: cfg.DB, weights: cfg.Weights, ratings: cfg.Ratings, solve: cfg.Solve, minSample: cfg.MinSample,
		zone: cfg.Zone, refreshLag: cfg.RefreshLag, maxAge: cfg.MaxAge, now: cfg.Now, log: cfg.Logger}
	if r.log == nil {
		r.log = slog.Default()
	}
	if r.weights == (Weights{}) {
		r.weights = DefaultWeights
	}
	if w := r.weights; w.Response < 0 || w.Solve < 0 || w.Satisfaction < 0 {
		return nil, fmt.Errorf("report: negative score weight in %+v", w)
	}
	if r.ratings == (RatingWeights{}) {
		r.ratings = DefaultRatingWeights
	}
	if g := r.ratings; g.Satisfied < 0 || g.Satisfied > 1 || g.Basic < 0 || g.Basic > 1 {
		return nil, fmt.Errorf("report: rating weights %+v must lie in [0, 1]", g)
	}
	switch r.solve {
	case "":
		r.solve = SolveByResolveRate
	case SolveByResolveRate, SolveByOnTimeRate:
	default:
		return nil, fmt.Errorf("report: unknown 解决率 basis %q", r.solve)
	}
	switch {
	case cfg.MinRanked == 0:
		r.minRanked = DefaultMinRanked
	case cfg.MinRanked > 0:
		r.minRanked = cfg.MinRanked
	}
	if r.minSample <= 0 {
		r.minSample = DefaultMinSample
	}
	if r.zone == nil {
		r.zone = chinaZone
	}
	// Days are cut with one offset; a zone with daylight saving would
	// make some days 23 or 25 hours long.
	_, jan := time.Date(2026, 1, 1, 0, 0, 0, 0, r.zone).Zone()
	_, jul := time.Date(2026, 7, 1, 0, 0, 0, 0, r.zone).Zone()
	if jan != jul {
		return nil, fmt.Errorf("report: zone %s changes its offset; give a fixed-offset zone", r.zone)
	}
	r.offsetMs = int64(jan) * 1000
	if r.refreshLag <= 0 {
		r.refreshLag = DefaultRefreshLag
	}
	if r.maxAge <= 0 {
		r.maxAge = DefaultMaxAge
	}
	if r.now == nil {
		r.now = time.Now
	}
	return r, nil
}
