package bench

import (
	"context"
	"io"
	"strings"
	"testing"
)

// TestAddressBenchSmall runs the address bench on a few thousand
// addresses: every typed variant kind is asked, ours finds nearly all,
// and pg_trgm (when PostgreSQL answers) is measured on the same ones.
func TestAddressBenchSmall(t *testing.T) {
	res, err := runAddress(context.Background(), Config{Seed: 3, N: 3000, MaxOps: 200}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ours.Value <= 0 || len(res.Extra) == 0 {
		t.Fatalf("result %+v", res)
	}
	for _, kind := range []string{"as written", "十二号 3-502", "full-width", "with province and city", "a typo in the road"} {
		if !strings.Contains(res.Extra[0], kind) {
			t.Errorf("no %q variants in %s", kind, res.Extra[0])
		}
	}
	if !strings.Contains(res.Extra[0], "accuracy 9") && !strings.Contains(res.Extra[0], "accuracy 100") {
		t.Errorf("ours misses too many: %s", res.Extra[0])
	}
	if res.PeerErr == nil && (res.Peer.Value <= 0 || len(res.Extra) < 2) {
		t.Errorf("peer measured but not reported: %+v", res)
	}
}
