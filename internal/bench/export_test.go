package bench

import (
	"regexp"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

var exportLine = regexp.MustCompile(`^bench export: [0-9.]+ MiB peak heap; peer excelize-in-memory [0-9.]+ MiB peak heap; ratio [0-9.]+$`)

// TestExportSmall runs the export bench on a few orders: both workbooks
// are reopened and counted by the bench itself. It runs alone: the bench
// samples the process's whole heap, so another test freeing memory during
// the run can make our peak read zero and the ratio unavailable.
func TestExportSmall(t *testing.T) {
	storetest.Serial(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		lines := runSmall(t, "export", db, 1200)
		out := strings.Join(lines, "\n")
		if last := lines[len(lines)-1]; !exportLine.MatchString(last) {
			t.Fatalf("result line %q; stdout:\n%s", last, out)
		}
		if !strings.Contains(out, "both workbooks reopened with 1200 data rows") {
			t.Errorf("no row check in:\n%s", out)
		}
	})
}
