package people_test

import (
	"context"
	"testing"

	"civicgrid/internal/people"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestNamesakesAreCapped: a name shared by more people than MaxNamesakes
// answers that many and says there are more; a rarer name and a document
// number answer in full without the flag.
func TestNamesakesAreCapped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		a := w.actors["communitya"]
		for i := 0; i < people.MaxNamesakes+2; i++ {
			if _, err := w.svc.Create(ctx, a, people.Input{Name: "王伟", DocNumber: idn(100 + i), GridCode: w.gridA1}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.svc.Create(ctx, a, people.Input{Name: "欧阳明远", DocNumber: idn(99), GridCode: w.gridA2}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			q     string
			limit int
			n     int
			more  bool
		}{
			{"王伟", 500, people.MaxNamesakes, true},
			{"王伟", 10, 10, true},
			{"欧阳明远", 500, 1, false},
			{idn(100), 500, 1, false},
		} {
			res, err := w.svc.Search(ctx, a, c.q, c.limit)
			if err != nil || len(res.People) != c.n || res.More != c.more {
				t.Errorf("search %q limit %d: %d people, more %v, %v; want %d, %v", c.q, c.limit, len(res.People), res.More, err, c.n, c.more)
			}
		}
	})
}
