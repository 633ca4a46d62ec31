package bench

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestPeopleBenchSmall runs the people bench on a few thousand people on
// both stores: every kind of lookup finds the person it looks for.
func TestPeopleBenchSmall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		res, err := runPeople(context.Background(), Config{Seed: 4, N: 3000, Duration: 500 * time.Millisecond, Store: db}, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if res.Ours.Value <= 0 || res.Peer.Value <= 0 || len(res.Extra) != 4 {
			t.Fatalf("result %+v", res)
		}
		for i, kind := range []string{"ID number", "phone", "name"} {
			if !strings.Contains(res.Extra[i], "by "+kind) || !strings.Contains(res.Extra[i], " 0 not found") {
				t.Errorf("%s: %s", kind, res.Extra[i])
			}
		}
	})
}
