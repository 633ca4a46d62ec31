package bench

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"civicgrid/internal/classify"
)

// classifyScale measures the model at a large deployment's size: training
// on n synthetic orders over 1,000 categories (time, and the heap's peak
// sampled every 50 ms), then the latency of one suggestion. The texts are
// 20-40 two-character words, a third from the category's own 30 and the
// rest from 20,000 shared ones by Zipf's law, so features and (feature, class) pairs grow
// as real text does. CIVICGRID_CLASSIFY_SCALE sets n (default 100,000; 0
// skips).
func classifyScale(seed uint64) ([]string, error) {
	sc, err := measureClassifyScale(seed)
	return sc.lines, err
}

// scaleFigures are classifyScale's measurements: the printed lines and
// the two timed figures the classify-scale bench judges.
type scaleFigures struct {
	lines []string
	train time.Duration
	p99   time.Duration
}

func measureClassifyScale(seed uint64) (scaleFigures, error) {
	n := 100_000
	if s := os.Getenv("CIVICGRID_CLASSIFY_SCALE"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil {
			return scaleFigures{}, fmt.Errorf("CIVICGRID_CLASSIFY_SCALE=%q: %w", s, err)
		}
		n = v
	}
	if n <= 0 {
		return scaleFigures{}, nil
	}
	const classes = 1000
	// Words of two characters: a category's own 30, and 20,000 shared ones
	// drawn by Zipf's law, as words are.
	gen := func(i int, r *rand.Rand, z *rand.Zipf) classify.Doc {
		c := i % classes
		l := 20 + r.IntN(21)
		rs := make([]rune, 0, 2*l)
		for k := 0; k < l; k++ {
			var w int
			if r.IntN(3) == 0 {
				w = 20000 + c*30 + r.IntN(30)
			} else {
				w = int(z.Uint64())
			}
			rs = append(rs, rune(0x4e00+w%5000), rune(0x4e00+(w/5000)*7+w%7))
		}
		return classify.Doc{Text: string(rs), Class: fmt.Sprintf("c%04d", c)}
	}
	src := func(yield func(classify.Doc) error) error {
		r := rand.New(rand.NewPCG(seed, 1))
		z := rand.NewZipf(r, 1.1, 1, 19999)
		for i := 0; i < n; i++ {
			if err := yield(gen(i, r, z)); err != nil {
				return err
			}
		}
		return nil
	}
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	start := time.Now()
	m, err := classify.Train(src)
	took := time.Since(start)
	close(stop)
	<-done
	if err != nil {
		return scaleFigures{}, err
	}
	data, err := m.Encode()
	if err != nil {
		return scaleFigures{}, err
	}
	r := rand.New(rand.NewPCG(seed, 2))
	z := rand.NewZipf(r, 1.1, 1, 19999)
	var lat []time.Duration
	for i := 0; i < 5000; i++ {
		d := gen(r.IntN(classes), r, z)
		t0 := time.Now()
		m.Predict(d.Text)
		lat = append(lat, time.Since(t0))
	}
	p99 := percentile(lat, 0.99)
	return scaleFigures{train: took, p99: p99, lines: []string{
		fmt.Sprintf("scale: trained on %d synthetic orders over %d categories in %s, heap peak %.0f MB (%s); stored model %.1f MB",
			n, classes, took.Round(time.Millisecond), float64(peak.Load())/(1<<20), m.Describe(), float64(len(data))/(1<<20)),
		fmt.Sprintf("scale: one suggestion over %d categories (model only, 5000 texts): p50 %s p99 %s",
			classes, percentile(lat, 0.5).Round(time.Microsecond), p99.Round(time.Microsecond)),
	}}, nil
}
