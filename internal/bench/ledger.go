package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/ledger"
	"civicgrid/internal/people"
	"civicgrid/internal/pii"
	"civicgrid/internal/sheet"
	"civicgrid/internal/store"
)

func init() {
	register(Bench{
		Name: "ledger",
		Summary: "import of a people ledger (实有人口台账) of 100,000 people from .xlsx into one community's houses and grids " +
			"(read, check every line, seal, insert; target < 60 s), then its rerun (nothing changes); peer excelize's GetRows " +
			"and a plaintext multi-row INSERT of the same rows, without checks",
		Run: runLedger,
	})
}

// Up to ledgerBuildings × ledgerUnits × ledgerRooms houses receive most
// people (fewer buildings for a small run: one per 500 people).
const (
	ledgerBuildings = 200
	ledgerUnits     = 4
	ledgerRooms     = 40
)

func runLedger(ctx context.Context, cfg Config, progress io.Writer) (Result, error) {
	began := time.Now()
	logf := func(format string, args ...any) {
		fmt.Fprintf(progress, "ledger [%6.1fs]: "+format+"\n", append([]any{time.Since(began).Seconds()}, args...)...)
	}
	n := cfg.nOr(100_000)
	db, closeStore, err := openStore(ctx, cfg)
	if err != nil {
		return Result{}, err
	}
	defer closeStore()
	if err := peopleSetup(ctx, db); err != nil {
		return Result{}, err
	}
	buildings := min(ledgerBuildings, max(2, n/500))
	houses, err := ledgerHouses(ctx, db, buildings)
	if err != nil {
		return Result{}, err
	}
	logf("%d houses in %d buildings of community %s", len(houses), buildings, peopleCommunity)
	dir, err := os.MkdirTemp("", "civicgrid-ledger-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "people.xlsx")
	if err := writePeopleLedger(file, n, houses, cfg.Seed); err != nil {
		return Result{}, err
	}
	st, err := os.Stat(file)
	if err != nil {
		return Result{}, err
	}
	logf("ledger of %d people written (%.1f MiB)", n, float64(st.Size())/(1<<20))

	keys, err := pii.NewKeyring([]byte(strings.Repeat("k", pii.KeySize)))
	if err != nil {
		return Result{}, err
	}
	loc, err := grid.NewLocator(ctx, db)
	if err != nil {
		return Result{}, err
	}
	svc := &ledger.Service{DB: db, People: people.New(db, keys, nil), Locator: loc}
	actor := ledger.Actor{Role: auth.RoleCommunity, Scope: auth.ScopeOf(auth.User{NodeCode: peopleCommunity}, "")}
	actor.People = people.Actor{Role: actor.Role, Scope: actor.Scope}
	var cpu time.Duration // of the last import
	imp := func() (ledger.Report, time.Duration, error) {
		f, err := os.Open(file)
		if err != nil {
			return ledger.Report{}, 0, err
		}
		defer f.Close()
		runtime.GC()
		t0, c0 := time.Now(), cpuTime()
		rep, err := svc.Import(ctx, actor, "people", f, false)
		took := time.Since(t0)
		cpu = cpuTime() - c0
		return rep, took, err
	}
	rep, took, err := imp()
	if err != nil {
		return Result{}, err
	}
	var stored int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM people`).Scan(&stored); err != nil {
		return Result{}, err
	}
	if rep.Added != n || stored != n {
		return Result{}, fmt.Errorf("ledger: imported %d (report %+v), want %d", stored, rep, n)
	}
	importCPU := cpu
	logf("imported in %v (CPU %v, load average %s)", took.Round(time.Millisecond), importCPU.Round(time.Millisecond), loadAverage())
	rerun, rerunTook, err := imp()
	if err != nil {
		return Result{}, err
	}
	if rerun.Added != 0 || rerun.Unchanged != n {
		return Result{}, fmt.Errorf("ledger: the rerun changed something: %+v", rerun)
	}
	rerunCPU := cpu
	logf("rerun (nothing changes) in %v (CPU %v)", rerunTook.Round(time.Millisecond), rerunCPU.Round(time.Millisecond))

	peerTook, err := ledgerPeer(ctx, db, file, n)
	if err != nil {
		return Result{}, err
	}
	logf("peer in %v", peerTook.Round(time.Millisecond))
	res := Result{PeerName: "excelize GetRows + plaintext INSERT, no checks", LowerIsBetter: true}
	res.Extra = append(res.Extra,
		fmt.Sprintf("store %s: %d people from a %.1f MiB .xlsx into %d houses (70%%) and %d grids (30%%): import %.1f s (target < 60 s %s), %.0f people/s; CPU %.1f s (load average %s at the end)",
			db.Dialect(), n, float64(st.Size())/(1<<20), len(houses), peopleGrids, took.Seconds(), mark(took < time.Minute), float64(n)/took.Seconds(),
			importCPU.Seconds(), loadAverage()),
		fmt.Sprintf("rerun of the same file: %.1f s (CPU %.1f s), %d added, %d unchanged", rerunTook.Seconds(), rerunCPU.Seconds(), rerun.Added, rerun.Unchanged))
	res.Ours = Measure{took.Seconds(), "s"}
	res.Peer = Measure{peerTook.Seconds(), "s"}
	return res, nil
}

// ledgerHouses builds the community's buildings, units, rooms and houses
// and returns the houses' standard addresses as a ledger names them.
func ledgerHouses(ctx context.Context, db *store.DB, buildings int) ([]string, error) {
	ed := grid.CommandLine(peopleCommunity)
	for b := 0; b < buildings; b++ {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			x := 123.7 + float64(b%peopleGrids)*0.01 + 0.005
			bld, err := grid.CreateBuilding(ctx, tx, grid.Building{GridCode: fmt.Sprintf("%s%03d", peopleCommunity, 1+b%peopleGrids),
				Name: fmt.Sprintf("%d号楼", b/peopleGrids+1), Lng: x, Lat: 41.305, HasPoint: true})
			if err != nil {
				return err
			}
			var units []grid.Unit
			for u := 1; u <= ledgerUnits; u++ {
				un, err := grid.CreateUnit(ctx, tx, bld.Code, fmt.Sprintf("%d单元", u))
				if err != nil {
					return err
				}
				units = append(units, un)
			}
			_, err = address.AddTree(ctx, tx, ed, address.TreeInput{Road: "幸福路", DoorNo: fmt.Sprint(b + 1), Building: bld, Units: units,
				Rooms: func(grid.Unit) []address.RoomInput {
					rooms := make([]address.RoomInput, ledgerRooms)
					for r := range rooms {
						rooms[r] = address.RoomInput{RoomNo: fmt.Sprintf("%d%02d", r/2+1, r%2+1), House: &address.HouseInput{Use: address.UseOwn, AreaDM2: 8950}}
					}
					return rooms
				}})
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	rows, err := db.QueryContext(ctx, `SELECT a.text FROM houses h JOIN addresses a ON a.id = h.address_id ORDER BY h.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// writePeopleLedger writes n generated people in the ledger's columns.
func writePeopleLedger(path string, n int, houses []string, seed uint64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	x := sheet.NewXLSX(f, nil)
	cols := make([]sheet.Column, len(ledger.People.Columns))
	for i, c := range ledger.People.Columns {
		cols[i] = sheet.Column{Title: c.Zh}
	}
	if err := x.Sheet(ledger.People.Title, cols); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, 12))
	birth0 := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	for i := 0; i < n; {
		name := string(benchSurnames[rng.IntN(len(benchSurnames))]) + string(benchGiven[rng.IntN(len(benchGiven))])
		if rng.IntN(3) > 0 {
			name += string(benchGiven[rng.IntN(len(benchGiven))])
		}
		first := benchAreas[rng.IntN(len(benchAreas))] + birth0.AddDate(0, 0, rng.IntN(30000)).Format("20060102") + fmt.Sprintf("%03d", rng.IntN(1000))
		id := first + string(people.CheckChar(first))
		if seen[id] {
			continue
		}
		seen[id] = true
		house, gridCode := "", ""
		if rng.IntN(10) < 7 {
			house = houses[rng.IntN(len(houses))]
		} else {
			gridCode = fmt.Sprintf("%s%03d", peopleCommunity, 1+rng.IntN(peopleGrids))
		}
		hukou, residence := "本地", "常住"
		if rng.IntN(5) == 0 {
			hukou, residence = "外地", "流动"
		}
		if err := x.Row(name, "", id, fmt.Sprintf("1%d%09d", 3+rng.IntN(7), i), house, gridCode, hukou, residence, "否",
			birth0.AddDate(60, 0, rng.IntN(9000)).Format(time.DateOnly)); err != nil {
			return err
		}
		i++
	}
	if err := x.Close(); err != nil {
		return err
	}
	return f.Close()
}

// ledgerPeer reads the same workbook with excelize's GetRows and inserts
// the cells as plaintext, 200 rows a statement, in one transaction: the
// floor an import without checks, sealing or natural keys would cost.
func ledgerPeer(ctx context.Context, db *store.DB, file string, n int) (time.Duration, error) {
	if _, err := db.ExecContext(ctx, `CREATE TABLE bench_ledger_plain (name TEXT, doc_type TEXT, doc TEXT, phone TEXT, house TEXT,
		grid_code TEXT, hukou TEXT, residence TEXT, separated TEXT, moved_in TEXT)`); err != nil {
		return 0, err
	}
	runtime.GC()
	t0 := time.Now()
	f, err := excelize.OpenFile(file)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		return 0, err
	}
	rows = rows[1:]
	err = db.InTx(ctx, func(tx *store.Tx) error {
		for s := 0; s < len(rows); s += 200 {
			var b strings.Builder
			b.WriteString(`INSERT INTO bench_ledger_plain VALUES `)
			var args []any
			for i, r := range rows[s:min(s+200, len(rows))] {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				for c := 0; c < 10; c++ {
					v := ""
					if c < len(r) {
						v = r[c]
					}
					args = append(args, v)
				}
			}
			if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
				return err
			}
		}
		return nil
	})
	took := time.Since(t0)
	if err == nil && len(rows) != n {
		err = fmt.Errorf("ledger peer: read %d rows, want %d", len(rows), n)
	}
	return took, err
}
