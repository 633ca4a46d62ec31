package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

	"github.com/xuri/excelize/v2"

	"civicgrid/internal/auth"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/report/reportgen"
	"civicgrid/internal/sheet"
)

func init() {
	register(Bench{
		Name: "export",
		Summary: "the order ledger of one district as .xlsx (order.Each → sheet's excelize StreamWriter, to a file) over " +
			"100,000 orders, peak heap; peer excelize's in-memory workbook (SetSheetRow, then SaveAs) writing the same rows",
		Run: runExport,
	})
}

const exportDefaultOrders = 100_000

// exportCols is the ledger's shape: the order search's columns that need
// no name lookups.
var exportCols = []sheet.Column{
	{Title: "工单编号"}, {Title: "来源渠道"}, {Title: "状态"}, {Title: "事项分类", Width: 20}, {Title: "社区"},
	{Title: "承办单位"}, {Title: "受理时间", Kind: sheet.DateTime}, {Title: "答复时限", Kind: sheet.DateTime},
	{Title: "办结时限", Kind: sheet.DateTime}, {Title: "办结时间", Kind: sheet.DateTime}, {Title: "满意度"},
	{Title: "退单次数", Kind: sheet.Int}, {Title: "重办次数", Kind: sheet.Int},
}

func exportRow(o order.Order) []any {
	return []any{o.Number, o.Channel, string(o.Status), o.Category, o.CommunityCode, o.HandlerCode, o.ReceivedAt,
		o.ReplyDueAt, o.ResolveDueAt, o.ResolvedAt, string(o.Rating), o.Returns, o.Reworks}
}

type exportRun struct {
	progress io.Writer
	began    time.Time
}

func (r *exportRun) logf(format string, args ...any) {
	fmt.Fprintf(r.progress, "export [%6.1fs]: "+format+"\n", append([]any{time.Since(r.began).Seconds()}, args...)...)
}

// runExport generates the orders, then writes the district's ledger the
// way the server does and the way an in-memory workbook would, each to a
// temporary file, checking both hold every order.
func runExport(ctx context.Context, cfg Config, progress io.Writer) (Result, error) {
	r := &exportRun{progress: progress, began: time.Now()}
	n := int64(cfg.nOr(exportDefaultOrders))
	db, closeStore, err := openStore(ctx, cfg)
	if err != nil {
		return Result{}, err
	}
	defer closeStore()
	r.logf("generating %d orders of one district into %s…", n, db.Dialect())
	if err := reportgen.Generate(ctx, db, reportgen.Options{Orders: n, Districts: 1, Seed: cfg.Seed}); err != nil {
		return Result{}, err
	}
	keys, err := pii.NewKeyring(make([]byte, pii.KeySize))
	if err != nil {
		return Result{}, err
	}
	dir, err := os.MkdirTemp("", "civicgrid-export-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(dir)
	svc, err := order.New(order.Config{DB: db, Locator: ordertest.BoxLocator{}, Clock: ordertest.WeekdayClock{}, Keys: keys, DataDir: dir})
	if err != nil {
		return Result{}, err
	}
	u := auth.User{ID: 1, Role: auth.RoleDispatcher, NodeCode: reportgen.District(1)}
	viewer := order.StaffActor(u, auth.ScopeOf(u, ""), "127.0.0.1")
	walk := func(fn func([]any) error) (int64, error) {
		var rows int64
		err := svc.Each(ctx, viewer, order.Filter{}, func(o order.Order) error { rows++; return fn(exportRow(o)) })
		return rows, err
	}

	ours := func(path string) (int64, error) {
		f, err := os.Create(path)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		w := sheet.NewXLSX(f, nil)
		if err := w.Sheet("工单台账", exportCols); err != nil {
			return 0, err
		}
		rows, err := walk(func(v []any) error { return w.Row(v...) })
		if err != nil {
			return rows, err
		}
		return rows, w.Close()
	}
	peer := func(path string) (int64, error) {
		f := excelize.NewFile()
		defer f.Close()
		const s = "Sheet1"
		head := make([]any, len(exportCols))
		for i, c := range exportCols {
			head[i] = c.Title
		}
		if err := f.SetSheetRow(s, "A1", &head); err != nil {
			return 0, err
		}
		line := 1
		rows, err := walk(func(v []any) error {
			line++
			for i, x := range v {
				if t, ok := x.(time.Time); ok && t.IsZero() {
					v[i] = nil
				}
			}
			return f.SetSheetRow(s, fmt.Sprintf("A%d", line), &v)
		})
		if err != nil {
			return rows, err
		}
		return rows, f.SaveAs(path)
	}

	type outcome struct {
		rows int64
		heap uint64
		took time.Duration
		size int64
	}
	measure := func(name string, fn func(string) (int64, error)) (outcome, error) {
		path := dir + "/" + name + ".xlsx"
		start := time.Now()
		var rows int64
		heap, err := peakHeap(func() error {
			var err error
			rows, err = fn(path)
			return err
		})
		o := outcome{rows: rows, heap: heap, took: time.Since(start)}
		if err != nil {
			return o, fmt.Errorf("%s: %w", name, err)
		}
		st, err := os.Stat(path)
		if err != nil {
			return o, err
		}
		o.size = st.Size()
		if err := checkWorkbook(path, rows); err != nil {
			return o, fmt.Errorf("%s: %w", name, err)
		}
		r.logf("%s: %d rows in %v, peak heap %.1f MiB, file %.1f MiB", name, rows, o.took.Round(time.Millisecond),
			mib(o.heap), float64(o.size)/(1<<20))
		return o, os.Remove(path)
	}
	o, err := measure("ours", ours)
	if err != nil {
		return Result{}, err
	}
	if o.rows != n {
		return Result{}, fmt.Errorf("ours wrote %d rows of %d orders", o.rows, n)
	}
	p, err := measure("peer", peer)
	if err != nil {
		return Result{PeerErr: err}, nil
	}
	return Result{
		Ours:          Measure{mib(o.heap), "MiB peak heap"},
		PeerName:      "excelize-in-memory",
		Peer:          Measure{mib(p.heap), "MiB peak heap"},
		LowerIsBetter: true,
		Extra: []string{
			fmt.Sprintf("export: %d orders of district %s (seed %d), %s store; the dispatcher's ledger, %d columns",
				n, reportgen.District(1), cfg.Seed, db.Dialect(), len(exportCols)),
			fmt.Sprintf("export ours (StreamWriter, zip straight to the file): %v, %.1f MiB file; peer (in-memory workbook): %v, %.1f MiB file",
				o.took.Round(time.Millisecond), float64(o.size)/(1<<20), p.took.Round(time.Millisecond), float64(p.size)/(1<<20)),
			fmt.Sprintf("export check: both workbooks reopened with %d data rows", n),
		},
	}, nil
}

// checkWorkbook reopens a workbook and counts its data rows by streaming
// them back.
func checkWorkbook(path string, want int64) error {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := f.Rows(f.GetSheetName(0))
	if err != nil {
		return err
	}
	defer rows.Close()
	var n int64 = -1 // the header
	for rows.Next() {
		n++
	}
	if n != want {
		return fmt.Errorf("workbook has %d data rows, want %d", n, want)
	}
	return rows.Error()
}

// peakHeap runs fn while sampling the live heap every millisecond, with
// the collector run often so the peak is what is live, not garbage, and
// returns the highest sample above the heap before fn.
func peakHeap(fn func() error) (uint64, error) {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if v := read(); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	})
	err := fn()
	close(stop)
	wg.Wait()
	if p := peak.Load(); p > base {
		return p - base, err
	}
	return 0, err
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }
