package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/address"
)

func init() {
	register(Bench{Name: "address", Summary: "address search over 500,000 standard addresses (p99 target < 20 ms) vs PostgreSQL pg_trgm, with accuracy on typed variants", Run: runAddress})
}

// addressRun is the generated district: N room addresses on a few hundred
// roads, and typed variants of some of them with the address each means.
type addressRun struct {
	cfg      Config
	progress io.Writer
	texts    []string // id-1 → full standard text
	parts    []addrParts
	queries  []addressQuery
}

// addrParts are one address's parts as generated.
type addrParts struct {
	road, door, estate, bld, unit, room string
}

type addressQuery struct {
	typed string
	want  int64
	kind  string
}

func (r *addressRun) logf(format string, args ...any) {
	fmt.Fprintf(r.progress, "address: "+format+"\n", args...)
}

var (
	benchRoadHeads = []rune("胜利解放人民建设和平中华长江黄河光明幸福民主新华文化工农东风红旗朝阳永丰明山平山溪湖卧龙大峪高峪牛心台北地桥头")
	benchRoadTails = []string{"路", "街", "大街", "巷", "东路", "西路", "南路", "北路"}
	benchStreets   = []string{"北地街道", "东兴街道", "高峪街道", "牛心台街道", "卧龙镇", "明山街道"}
	benchEstates   = []string{"", "阳光小区", "幸福家园", "明珠花园", "锦绣华庭", "滨河小区", "翠湖苑"}
	cnDigits       = []rune("零一二三四五六七八九")
)

// generate makes n distinct room addresses: road × door × building ×
// unit × room, with district and street as the standard form has them.
func (r *addressRun) generate(n int) {
	rng := rand.New(rand.NewPCG(r.cfg.Seed, 7))
	seen := make(map[string]bool, n)
	var roads []string
	for _, a := range benchRoadHeads {
		for _, b := range benchRoadHeads {
			if a != b {
				roads = append(roads, string([]rune{a, b})+benchRoadTails[rng.IntN(len(benchRoadTails))])
			}
		}
	}
	for len(r.texts) < n {
		road := roads[rng.IntN(len(roads))]
		a := addrParts{road: road, door: fmt.Sprint(1 + rng.IntN(120)), estate: benchEstates[rng.IntN(len(benchEstates))],
			bld: fmt.Sprint(1 + rng.IntN(20)), unit: fmt.Sprint(1 + rng.IntN(4)), room: fmt.Sprintf("%d%02d", 1+rng.IntN(18), 1+rng.IntN(4))}
		t := "明山区" + benchStreets[len(road)%len(benchStreets)] + a.road + a.door + "号" + a.estate + a.bld + "栋" + a.unit + "单元" + a.room + "室"
		if !seen[t] {
			seen[t] = true
			r.texts = append(r.texts, t)
			r.parts = append(r.parts, a)
		}
	}
}

// variants types the address as people do: as written without district
// and street, with Chinese numerals and 3-502, in full-width digits, with
// a province and city in front, with one wrong character in the road.
func (r *addressRun) variants(m int) {
	rng := rand.New(rand.NewPCG(r.cfg.Seed, 8))
	for len(r.queries) < m {
		id := int64(1 + rng.IntN(len(r.texts)))
		full, a := r.texts[id-1], r.parts[id-1]
		roadName, door, estate, bld, unit, roomNo := a.road, a.door, a.estate, a.bld, a.unit, a.room
		switch k := len(r.queries) % 5; k {
		case 0:
			r.queries = append(r.queries, addressQuery{roadName + door + "号" + estate + bld + "栋" + unit + "单元" + roomNo, id, "as written"})
		case 1:
			r.queries = append(r.queries, addressQuery{roadName + chineseNumber(door) + "号" + bld + "栋" + unit + "-" + roomNo, id, "十二号 3-502"})
		case 2:
			r.queries = append(r.queries, addressQuery{fullWidth(roadName + door + "号" + bld + "栋" + unit + "单元" + roomNo + "室"), id, "full-width"})
		case 3:
			r.queries = append(r.queries, addressQuery{"辽宁省本溪市" + full, id, "with province and city"})
		case 4:
			rs := []rune(roadName)
			rs[rng.IntN(min(2, len(rs)))] = '立'
			r.queries = append(r.queries, addressQuery{string(rs) + door + "号" + bld + "栋" + unit + "单元" + roomNo, id, "a typo in the road"})
		}
	}
}

func chineseNumber(s string) string {
	n := 0
	fmt.Sscan(s, &n)
	switch {
	case n < 10:
		return string(cnDigits[n])
	case n < 20:
		return "十" + strings.TrimPrefix(string(cnDigits[n%10]), "零")
	case n < 100:
		return string(cnDigits[n/10]) + "十" + strings.TrimPrefix(string(cnDigits[n%10]), "零")
	}
	var b strings.Builder
	for _, c := range s {
		b.WriteRune(cnDigits[c-'0'])
	}
	return b.String()
}

func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r + 0xFEE0
		}
		return r
	}, s)
}

// tally is the latency and top-1 accuracy of one side.
type addrTally struct {
	lat     []time.Duration
	correct map[string][2]int // kind → right, asked
}

func (t *addrTally) add(kind string, d time.Duration, ok bool) {
	t.lat = append(t.lat, d)
	c := t.correct[kind]
	c[1]++
	if ok {
		c[0]++
	}
	t.correct[kind] = c
}

func (t *addrTally) pct(p float64) time.Duration {
	s := slices.Clone(t.lat)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

func (t *addrTally) accuracy() (float64, string) {
	right, asked := 0, 0
	var parts []string
	kinds := make([]string, 0, len(t.correct))
	for k := range t.correct {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		c := t.correct[k]
		right, asked = right+c[0], asked+c[1]
		parts = append(parts, fmt.Sprintf("%s %d/%d", k, c[0], c[1]))
	}
	if asked == 0 {
		return 0, ""
	}
	return float64(right) / float64(asked), strings.Join(parts, ", ")
}

func runAddress(ctx context.Context, cfg Config, progress io.Writer) (Result, error) {
	r := &addressRun{cfg: cfg, progress: progress}
	n := cfg.nOr(500_000)
	start := time.Now()
	r.generate(n)
	r.variants(int(cfg.maxOpsOr(2000)))
	r.logf("%d addresses and %d typed variants generated in %v", len(r.texts), len(r.queries), time.Since(start).Round(time.Millisecond))

	start = time.Now()
	ix := address.NewIndex()
	for i, t := range r.texts {
		ix.Put(address.Entry{ID: int64(i + 1), Text: t, GridCode: "210504002001001", CommunityCode: "210504002001", Level: address.LevelRoom})
	}
	r.logf("index of %d addresses built in %v", ix.Len(), time.Since(start).Round(time.Millisecond))

	// The generator's garbage is collected now, not during the searches.
	runtime.GC()
	for _, q := range r.queries[:min(50, len(r.queries))] {
		ix.Search(q.typed, "", 10) // warm the scratch buffers
	}
	ours := &addrTally{correct: map[string][2]int{}}
	deadline := time.Now().Add(cfg.durationOr(30 * time.Second))
	// The search runs in this process on one goroutine, so the process's
	// CPU time over the phase is its cost whatever the neighbours do; the
	// wall-clock p99 on a shared machine measures them.
	cpu0 := cpuTime()
	for _, q := range r.queries {
		t0 := time.Now()
		ms := ix.Search(q.typed, "", 10)
		ours.add(q.kind, time.Since(t0), len(ms) > 0 && ms[0].ID == q.want)
		if time.Now().After(deadline) {
			break
		}
	}
	cpu := cpuTime() - cpu0
	acc, detail := ours.accuracy()
	res := Result{Ours: Measure{ms(ours.pct(0.99)), "ms p99"}, PeerName: "PostgreSQL pg_trgm", LowerIsBetter: true}
	res.Extra = append(res.Extra,
		fmt.Sprintf("ours: %d searches, p50 %.3f ms, p99 %.3f ms (target < 20 ms %s), CPU %.3f ms per search; top-1 accuracy %.1f%% (%s); load average %s",
			len(ours.lat), ms(ours.pct(0.5)), ms(ours.pct(0.99)), mark(ours.pct(0.99) < 20*time.Millisecond),
			ms(cpu)/float64(max(1, len(ours.lat))), 100*acc, detail, loadAverage()))
	peer, err := r.measureTrgm(ctx)
	if err != nil {
		if _, ok := err.(*peerUnavailable); ok {
			res.PeerErr = err
			return res, nil
		}
		return res, err
	}
	pacc, pdetail := peer.accuracy()
	res.Peer = Measure{ms(peer.pct(0.99)), "ms p99"}
	res.Extra = append(res.Extra, fmt.Sprintf("pg_trgm: %d searches, p50 %.3f ms, p99 %.3f ms; top-1 accuracy %.1f%% (%s)",
		len(peer.lat), ms(peer.pct(0.5)), ms(peer.pct(0.99)), 100*pacc, pdetail))
	return res, nil
}
