package sheet_test

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"civicgrid/internal/sheet"
)

// ledgerCols is an order ledger's shape: ten columns of every kind.
var ledgerCols = []sheet.Column{
	{Title: "工单编号"}, {Title: "渠道"}, {Title: "状态"}, {Title: "分类", Width: 20}, {Title: "地点", Width: 30},
	{Title: "诉求内容", Width: 40}, {Title: "受理时间", Kind: sheet.DateTime}, {Title: "办结时限", Kind: sheet.Date},
	{Title: "退单次数", Kind: sheet.Int}, {Title: "得分", Kind: sheet.Decimal},
}

// writeLedger streams n generated rows to w.
func writeLedger(w sheet.Writer, n int) error {
	if err := w.Sheet("工单台账", ledgerCols); err != nil {
		return err
	}
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, zone)
	for i := range n {
		t := at.Add(time.Duration(i) * time.Minute)
		if err := w.Row(fmt.Sprintf("2026%08d", i), "热线", "办理中", "市容环境/占道经营", "明山区明山街道第三社区幸福路12号",
			"幸福路早市占道经营，早上六点到八点三轮车堵住人行道，老人孩子只能走机动车道，希望管一管。", t, t.Add(72*time.Hour),
			int64(i%3), float64(i%1000)/10); err != nil {
			return err
		}
	}
	return w.Close()
}

// peakHeap runs fn and samples the live heap every millisecond, returning
// the highest seen above the heap before fn.
func peakHeap(fn func() error) (uint64, error) {
	// Collect often, so the peak is what is live, not garbage waiting.
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

// TestXLSXMemoryBounded: past the stream's 16 MiB in-memory chunk (about
// 20,000 rows of this ledger), more rows need no more heap — 100,000 rows
// take what 30,000 take.
func TestXLSXMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 130,000 rows: skipped in -short")
	}
	small, err := peakHeap(func() error { return writeLedger(sheet.NewXLSX(io.Discard, zone), 30_000) })
	if err != nil {
		t.Fatal(err)
	}
	large, err := peakHeap(func() error { return writeLedger(sheet.NewXLSX(io.Discard, zone), 100_000) })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("peak heap: 30,000 rows %.1f MiB, 100,000 rows %.1f MiB", mib(small), mib(large))
	const bound = 48 << 20
	if large > bound {
		t.Errorf("100,000 rows took %.1f MiB of heap, want under %.0f MiB", mib(large), mib(bound))
	}
	if float64(large) > 1.5*float64(small) {
		t.Errorf("heap grows with the rows: %.1f MiB for 30,000, %.1f MiB for 100,000", mib(small), mib(large))
	}
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

func BenchmarkXLSX100k(b *testing.B) {
	for b.Loop() {
		if err := writeLedger(sheet.NewXLSX(io.Discard, zone), 100_000); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCSV100k(b *testing.B) {
	for b.Loop() {
		if err := writeLedger(sheet.NewCSV(io.Discard, zone), 100_000); err != nil {
			b.Fatal(err)
		}
	}
}
