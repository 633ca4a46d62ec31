package bench

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

var memoryLine = regexp.MustCompile(`^bench memory: [0-9.]+ MB; peer target [0-9.]+ MB; ratio [0-9.]+$`)

// The memory bench serves the stats store, every kind of request of the
// mixed load answers as expected, and the peak RSS is reported.
func TestMemorySmall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var stdout, progress bytes.Buffer
		cfg := Config{Seed: 3, N: 2000, Store: db, Duration: 4 * time.Second, Clients: 2}
		if err := Run(context.Background(), "memory", cfg, &stdout, &progress); err != nil {
			t.Fatalf("%v\nprogress:\n%s", err, progress.String())
		}
		lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
		out := strings.Join(lines, "\n")
		if last := lines[len(lines)-1]; !memoryLine.MatchString(last) {
			t.Fatalf("result line %q; stdout:\n%s", last, out)
		}
		for _, op := range memoryOps() {
			if !regexp.MustCompile(`(?m)^memory ` + op.name + ` +[1-9][0-9]* requests`).MatchString(out) {
				t.Errorf("no %s requests answered:\n%s", op.name, out)
			}
		}
		if !strings.Contains(out, "memory peak RSS: ") {
			t.Errorf("no peak RSS:\n%s", out)
		}
	})
}
