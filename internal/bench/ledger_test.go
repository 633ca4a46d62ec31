package bench

import (
	"regexp"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

var ledgerLine = regexp.MustCompile(`^bench ledger: [0-9.]+ s; peer excelize GetRows \+ plaintext INSERT, no checks [0-9.]+ s; ratio [0-9.]+$`)

// TestLedgerSmall runs the ledger bench on a few hundred people: the bench
// itself checks the import stored every person and the rerun changed
// nothing.
func TestLedgerSmall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		lines := runSmall(t, "ledger", db, 600)
		out := strings.Join(lines, "\n")
		if last := lines[len(lines)-1]; !ledgerLine.MatchString(last) {
			t.Fatalf("result line %q; stdout:\n%s", last, out)
		}
		if !strings.Contains(out, "rerun of the same file") || !strings.Contains(out, "0 added, 600 unchanged") {
			t.Errorf("no rerun check in:\n%s", out)
		}
	})
}
