package org

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// A failure late in an import (here a row whose parent exists nowhere,
// which the parser would refuse, built by hand to reach the database) must
// roll back the batches already inserted and the renames already made.
func TestFailedImportChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		chain := []Region{
			{Code: "21", Name: "辽宁省", OfficialName: "辽宁省", Level: LevelProvince},
			{Code: "2105", Name: "本溪市", OfficialName: "本溪市", Level: LevelCity, ParentCode: "21"},
			{Code: "210504", Name: "明山区", OfficialName: "明山区", Level: LevelDistrict, ParentCode: "2105"},
		}
		if _, err := ImportDivisions(ctx, db, newDivisions("", append([]Region(nil), chain...)), "210504"); err != nil {
			t.Fatal(err)
		}

		bad := append([]Region(nil), chain...)
		bad[2].Name, bad[2].OfficialName = "改名区", "改名区" // a rename that must not land
		// More than one insert batch of valid streets, then an orphan last.
		for i := 1; i <= insertBatch+10; i++ {
			code := fmt.Sprintf("210504%03d", i)
			bad = append(bad, Region{Code: code, Name: "街道" + code, OfficialName: "街道" + code, Level: LevelStreet, ParentCode: "210504"})
		}
		bad = append(bad, Region{Code: "210504999001", Name: "孤儿社区", OfficialName: "孤儿社区", Level: LevelCommunity, ParentCode: "210504999"})

		_, err := ImportDivisions(ctx, db, newDivisions("", bad), "210504")
		if err == nil || !strings.Contains(err.Error(), "insert 11 regions from 210504501") {
			t.Fatalf("import with an orphan row: %v, want the second insert batch to fail", err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		r, err := GetRegion(ctx, db, "210504")
		if n != 3 || err != nil || r.Name != "明山区" {
			t.Fatalf("after failed import: %d rows, 210504 = %+v (%v); want the 3 rows as before", n, r, err)
		}
	})
}
