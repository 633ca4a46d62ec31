package bench

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"civicgrid/internal/classify"
	"civicgrid/internal/store/storetest"
)

// TestClassifyFoldThroughTheRealPath runs one fold of the classify bench on
// SQLite and, when one answers, PostgreSQL: the catalogue import, orders
// filed by the import, training and POST /api/v1/classify. It needs the
// shared development set (no scikit-learn: the peer is not run).
func TestClassifyFoldThroughTheRealPath(t *testing.T) {
	dir, err := classifyData()
	if err != nil {
		t.Skipf("no shared data: %v", err)
	}
	docs, err := readClassifyDocs(filepath.Join(dir, "wenzheng-dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	taxonomy, err := os.ReadFile(filepath.Join(dir, "wenzheng-taxonomy.csv"))
	if err != nil {
		t.Fatal(err)
	}
	cdocs := make([]classify.Doc, len(docs))
	for i, d := range docs {
		cdocs[i] = classify.Doc{Text: d.Text, Class: d.Label}
	}
	folds := classify.Folds(cdocs, 5)
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			url := "" // a SQLite store of the bench's own
			if name == "postgres" {
				// A schema of the test's own; skips (fails in CI) when
				// PostgreSQL is off or away, as every store test does.
				url = storetest.PostgresURL(t)
			}
			pred := make([]string, len(docs))
			if _, _, err := classifyFold(context.Background(), Config{DB: url}, taxonomy, docs, folds, 0, pred); err != nil {
				t.Fatal(err)
			}
			var gold, got []string
			for i, d := range docs {
				if folds[i] == 0 {
					gold, got = append(gold, d.Label), append(got, pred[i])
				}
			}
			ev := classify.Compare(gold, got)
			t.Logf("fold 1 of 5: %d messages, accuracy %.3f, macro F1 %.3f", len(gold), ev.Accuracy, ev.MacroF1)
			if ev.Accuracy < 0.5 {
				t.Fatalf("accuracy %.3f on a held-out fold: the learned model is not being used", ev.Accuracy)
			}
		})
	}
}
