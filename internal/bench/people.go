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

	"civicgrid/internal/auth"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/people"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"

	"github.com/paulmach/orb"
)

func init() {
	register(Bench{Name: "people", Summary: "people lookup by name, ID number and phone over 1,000,000 sealed people (p99 target < 10 ms) vs the same lookups on plaintext indexed columns", Run: runPeople})
}

// benchPerson is a generated person with what is typed to find them.
type benchPerson struct{ name, id, phone string }

const (
	peopleCommunity = "210504002001"
	peopleGrids     = 20
)

// peopleSetup writes the regions and a community of peopleGrids grids.
func peopleSetup(ctx context.Context, db *store.DB) error {
	for _, r := range []struct{ code, name, level, parent string }{
		{"21", "辽宁省", "province", ""}, {"2105", "本溪市", "city", "21"}, {"210504", "明山区", "district", "2105"},
		{"210504002", "北地街道", "street", "210504"}, {peopleCommunity, "永光社区", "community", "210504002"},
	} {
		var parent any
		if r.parent != "" {
			parent = r.parent
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO regions (code, name, official_name, level, parent_code, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, 1)`, r.code, r.name, r.name, r.level, parent); err != nil {
			return err
		}
	}
	var fs []geo.GridFeature
	for i := 0; i < peopleGrids; i++ {
		x := 123.7 + float64(i)*0.01
		fs = append(fs, geo.GridFeature{Index: i, CommunityCode: peopleCommunity, Name: fmt.Sprintf("%d网格", i+1), Seq: i + 1,
			Geometry: orb.Polygon{orb.Ring{{x, 41.3}, {x + 0.01, 41.3}, {x + 0.01, 41.31}, {x, 41.31}, {x, 41.3}}}})
	}
	_, err := grid.Import(ctx, db, fs, grid.ImportOptions{})
	return err
}

var (
	benchSurnames = []rune("王李张刘陈杨赵孙于高徐马吴周郭朱林何宋韩曲姜丁董曹崔田付白吕孟郑冯石关佟常苏")
	benchGiven    = []rune("伟强磊军勇涛斌刚明辉鹏杰峰波超亮健东宇浩凯龙志国建华丽娟敏静燕艳霞芳玲红梅英秀兰萍琳颖慧娜雪晶莉丹洁")
	benchAreas    = []string{"210502", "210503", "210504", "210505", "210521", "210522"}
)

func runPeople(ctx context.Context, cfg Config, progress io.Writer) (Result, error) {
	logf := func(format string, args ...any) { fmt.Fprintf(progress, "people: "+format+"\n", args...) }
	n := cfg.nOr(1_000_000)
	db, closeStore, err := openStore(ctx, cfg)
	if err != nil {
		return Result{}, err
	}
	defer closeStore()
	if err := peopleSetup(ctx, db); err != nil {
		return Result{}, err
	}
	keys, err := pii.NewKeyring([]byte(strings.Repeat("k", pii.KeySize)))
	if err != nil {
		return Result{}, err
	}
	svc := people.New(db, keys, nil)
	if _, err := db.ExecContext(ctx, `CREATE TABLE bench_people_plain (id BIGINT PRIMARY KEY, name TEXT NOT NULL, doc TEXT NOT NULL, phone TEXT NOT NULL)`); err != nil {
		return Result{}, err
	}

	// Generate and load: unique ID numbers and phones; names repeat as
	// real names do.
	rng := rand.New(rand.NewPCG(cfg.Seed, 11))
	start := time.Now()
	var sample []benchPerson
	const batch = 5000
	seenID := map[string]bool{}
	birth0 := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC)
	for done := 0; done < n; done += batch {
		rows := make([]people.Row, 0, batch)
		plain := make([]benchPerson, 0, batch)
		for len(rows) < min(batch, n-done) {
			name := string(benchSurnames[rng.IntN(len(benchSurnames))]) + string(benchGiven[rng.IntN(len(benchGiven))])
			if rng.IntN(3) > 0 {
				name += string(benchGiven[rng.IntN(len(benchGiven))])
			}
			first := benchAreas[rng.IntN(len(benchAreas))] + birth0.AddDate(0, 0, rng.IntN(30000)).Format("20060102") + fmt.Sprintf("%03d", rng.IntN(1000))
			id := first + string(people.CheckChar(first))
			if seenID[id] {
				continue
			}
			seenID[id] = true
			phone := fmt.Sprintf("1%d%09d", 3+rng.IntN(7), done+len(rows))
			p := benchPerson{name, id, phone}
			plain = append(plain, p)
			rows = append(rows, people.Row{Input: people.Input{Name: name, DocNumber: id, Phone: phone, GridCode: "x", Residence: people.ResidentPermanent},
				GridCode: fmt.Sprintf("%s%03d", peopleCommunity, 1+rng.IntN(peopleGrids)), CommunityCode: peopleCommunity})
		}
		err := db.InTx(ctx, func(tx *store.Tx) error {
			ids, err := svc.InsertBulk(ctx, tx, rows)
			if err != nil {
				return err
			}
			for s := 0; s < len(plain); s += 250 {
				var b strings.Builder
				b.WriteString(`INSERT INTO bench_people_plain (id, name, doc, phone) VALUES `)
				var args []any
				for i := s; i < min(s+250, len(plain)); i++ {
					if i > s {
						b.WriteString(", ")
					}
					b.WriteString("(?, ?, ?, ?)")
					args = append(args, ids[i], plain[i].name, plain[i].id, plain[i].phone)
				}
				if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return Result{}, err
		}
		for _, p := range plain {
			if rng.IntN(max(1, n/3000)) == 0 {
				sample = append(sample, p)
			}
		}
		if (done/batch)%40 == 39 {
			logf("%d people loaded (%v)", done+batch, time.Since(start).Round(time.Second))
		}
	}
	for _, q := range []string{`CREATE INDEX bench_plain_name ON bench_people_plain(name)`, `CREATE INDEX bench_plain_doc ON bench_people_plain(doc)`,
		`CREATE INDEX bench_plain_phone ON bench_people_plain(phone)`, `ANALYZE`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return Result{}, err
		}
	}
	load := time.Since(start)
	logf("%d people sealed and loaded on %s in %v; %d lookups per kind", n, db.Dialect(), load.Round(time.Millisecond), len(sample))

	actor := people.Actor{Role: auth.RoleCommunity, Scope: auth.ScopeOf(auth.User{NodeCode: peopleCommunity}, "")}
	runtime.GC()
	kinds := []struct {
		name string
		q    func(benchPerson) string
		col  string
	}{
		{"ID number", func(p benchPerson) string { return p.id }, "doc"},
		{"phone", func(p benchPerson) string { return p.phone[:3] + " " + p.phone[3:7] + " " + p.phone[7:] }, "phone"},
		{"name", func(p benchPerson) string { return p.name }, "name"},
	}
	var all, allPlain []time.Duration
	res := Result{PeerName: "plaintext indexed columns", LowerIsBetter: true}
	for _, k := range kinds {
		var lat, plat []time.Duration
		var cpu time.Duration // of our lookups: the cost itself, whatever the neighbours do
		missed, returned := 0, 0
		deadline := time.Now().Add(cfg.durationOr(20 * time.Second))
		for _, p := range sample {
			q := k.q(p)
			t0, c0 := time.Now(), cpuTime()
			found, err := svc.Search(ctx, actor, q, 50)
			d := time.Since(t0)
			cpu += cpuTime() - c0
			if err != nil {
				return res, err
			}
			// A name is shared by hundreds here: any namesake found is a
			// hit (the page shows the first 50); a number finds its person.
			hit := k.col == "name" && len(found.People) > 0
			for _, f := range found.People {
				hit = hit || (f.DocNumber[:4] == p.id[:4] && f.DocNumber[14:] == p.id[14:])
			}
			returned += len(found.People)
			if !hit {
				missed++
			}
			lat = append(lat, d)
			plainQ := strings.ReplaceAll(q, " ", "")
			t0 = time.Now()
			rows, err := db.QueryContext(ctx, `SELECT id, name, doc, phone FROM bench_people_plain WHERE `+k.col+` = ? LIMIT 50`, plainQ)
			if err != nil {
				return res, err
			}
			for rows.Next() {
				var id int64
				var a, b, c string
				if err := rows.Scan(&id, &a, &b, &c); err != nil {
					rows.Close()
					return res, err
				}
			}
			rows.Close()
			plat = append(plat, time.Since(t0))
			if time.Now().After(deadline) {
				break
			}
		}
		all, allPlain = append(all, lat...), append(allPlain, plat...)
		res.Extra = append(res.Extra, fmt.Sprintf("by %s: %d lookups, p50 %.3f ms, p99 %.3f ms (target < 10 ms %s), CPU %.3f ms per lookup, %d not found, %.1f people per answer (at most 50); plaintext p50 %.3f ms, p99 %.3f ms",
			k.name, len(lat), ms(pct(lat, 0.5)), ms(pct(lat, 0.99)), mark(pct(lat, 0.99) < 10*time.Millisecond),
			ms(cpu)/float64(max(1, len(lat))), missed, float64(returned)/float64(max(1, len(lat))), ms(pct(plat, 0.5)), ms(pct(plat, 0.99))))
	}
	res.Extra = append(res.Extra, fmt.Sprintf("store %s, %d people, load (seal + insert + plaintext copy) %v; load average %s (on a shared machine p99 measures the neighbours, CPU per lookup does not)",
		db.Dialect(), n, load.Round(time.Second), loadAverage()))
	res.Ours = Measure{ms(pct(all, 0.99)), "ms p99"}
	res.Peer = Measure{ms(pct(allPlain, 0.99)), "ms p99"}
	return res, nil
}

func pct(d []time.Duration, p float64) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, int(p*float64(len(s))))]
}
