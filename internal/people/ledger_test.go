package people_test

import (
	"context"
	"testing"

	"civicgrid/internal/people"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestRegistered: documents already registered are found with their grid,
// by index for a few and by one pass over the register for many.
func TestRegistered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		comm := w.actors["communitya"]
		for i, house := range []int64{w.houseA1, w.houseA2} {
			if _, err := w.svc.Create(ctx, comm, people.Input{Name: "测试", DocNumber: idn(100 + i), HouseID: house}); err != nil {
				t.Fatal(err)
			}
		}
		few := []people.DocKey{{Type: "id", Number: idn(100)}, {Type: "id", Number: idn(101)}, {Type: "passport", Number: idn(100)}, {Type: "id", Number: idn(102)}}
		many := append([]people.DocKey{}, few...)
		for i := 0; i < 2500; i++ {
			many = append(many, people.DocKey{Type: "id", Number: idn(200 + i)})
		}
		for name, docs := range map[string][]people.DocKey{"few": few, "many": many} {
			got, err := w.svc.Registered(ctx, db, docs)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got[few[0]] != w.gridA1 || got[few[1]] != w.gridA2 {
				t.Errorf("%s: registered %v, want the two people in grids %s and %s", name, got, w.gridA1, w.gridA2)
			}
		}
	})
}
