package wish_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/imagemeta/imagemetatest"
	"civicgrid/internal/orgunit/registertest"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/wish"
)

func staff(id int64, role, node string) wish.Actor {
	u := auth.User{ID: id, Username: role, Role: role, NodeCode: node}
	return wish.Actor{User: u, Scope: auth.ScopeOf(u, ""), IP: "127.0.0.1"}
}

func count(t *testing.T, db *store.DB, where string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM wishes WHERE `+where).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWishFromPostToWall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := registertest.Seed(t, db)
		svc, err := wish.New(wish.Config{DB: db, Keys: w.Keys})
		if err != nil {
			t.Fatal(err)
		}
		community := staff(2, auth.RoleCommunity, registertest.CommA)
		other := staff(3, auth.RoleCommunity, registertest.CommB)
		gridWorker := staff(4, auth.RoleGrid, registertest.GridA1)
		resident := wish.Resident("10.0.0.9")

		// A resident needs a phone; bad input writes nothing.
		if _, err := svc.Post(ctx, resident, wish.PostInput{CommunityCode: registertest.CommA, Title: "一台收音机", Name: "刘桂芝"}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("no phone: %v", err)
		}
		if _, err := svc.Post(ctx, resident, wish.PostInput{CommunityCode: registertest.Street, Title: "一台收音机", Name: "刘桂芝", Phone: "13900001111"}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("a street is no community: %v", err)
		}
		if n := count(t, db, "1 = 1"); n != 0 {
			t.Fatalf("%d wishes written by bad input", n)
		}
		radio, err := svc.Post(ctx, resident, wish.PostInput{CommunityCode: registertest.CommA, Title: "一台收音机", Story: "眼睛不好，想听广播", Beneficiary: "独居老人", Name: "刘桂芝", Phone: "13900001111"})
		if err != nil || radio.Status != wish.StatusPending || radio.WisherName != "刘**" {
			t.Fatalf("posted %+v, %v", radio, err)
		}
		// A grid worker posts for an elder without a phone, in their grid.
		shoes, err := svc.Post(ctx, gridWorker, wish.PostInput{CommunityCode: registertest.CommA, GridCode: registertest.GridA1, Title: "一双棉鞋", Beneficiary: "空巢老人", Name: "赵淑珍"})
		if err != nil || shoes.GridCode != registertest.GridA1 {
			t.Fatalf("grid worker's wish %+v, %v", shoes, err)
		}
		if _, err := svc.Post(ctx, gridWorker, wish.PostInput{CommunityCode: registertest.CommA, GridCode: registertest.GridA2, Title: "一双棉鞋", Name: "赵淑珍"}); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("another grid: %v", err)
		}

		// Pending wishes are not on the wall and cannot be claimed.
		if wall, err := svc.Wall(ctx, "", "", 0, 0); err != nil || len(wall) != 0 {
			t.Fatalf("wall before review %+v, %v", wall, err)
		}
		if _, err := svc.Claim(ctx, resident, radio.ID, wish.ClaimInput{Kind: "volunteer", Name: "陈海燕", Phone: "13700002222"}); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("claiming a pending wish: %v", err)
		}
		// Review: the community only, in its scope; a rejection says why.
		if _, err := svc.Review(ctx, gridWorker, radio.ID, 0, true, ""); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("grid worker approving a wish outside the grid: %v", err)
		}
		if _, err := svc.Review(ctx, gridWorker, shoes.ID, 0, true, ""); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("grid worker approving: %v", err)
		}
		if _, err := svc.Review(ctx, other, radio.ID, 0, true, ""); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("other community approving: %v", err)
		}
		if _, err := svc.Review(ctx, community, shoes.ID, 0, false, ""); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("rejecting without a reason: %v", err)
		}
		if radio, err = svc.Review(ctx, community, radio.ID, radio.Version, true, ""); err != nil || radio.Status != wish.StatusApproved {
			t.Fatalf("approve %+v, %v", radio, err)
		}
		if _, err := svc.Review(ctx, community, shoes.ID, 0, true, ""); err != nil {
			t.Fatal(err)
		}

		// Claims: a unit needs its name; two claims at once, one wins.
		if _, err := svc.Claim(ctx, resident, radio.ID, wish.ClaimInput{Kind: "unit", Name: "陈海燕", Phone: "13700002222"}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("unit without a name: %v", err)
		}
		var wg sync.WaitGroup
		results := make([]error, 2)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, results[i] = svc.Claim(ctx, resident, shoes.ID, wish.ClaimInput{Kind: "党员", Name: "孙建军", Phone: "13600003333"})
			}()
		}
		wg.Wait()
		if (results[0] == nil) == (results[1] == nil) {
			t.Fatalf("two claims at once: %v, %v", results[0], results[1])
		}
		for _, err := range results {
			if err != nil && (errs.KindOf(err) != errs.Conflict || !bytes.Contains([]byte(err.Error()), []byte("已被认领"))) {
				t.Fatalf("losing claim: %v", err)
			}
		}
		radio, err = svc.Claim(ctx, resident, radio.ID, wish.ClaimInput{Kind: "unit", Unit: "明山区税务局", Name: "陈海燕", Phone: "13700002222"})
		if err != nil || radio.Status != wish.StatusClaimed || radio.ClaimantName != "陈**" {
			t.Fatalf("claim %+v, %v", radio, err)
		}
		if _, err := svc.Claim(ctx, resident, radio.ID, wish.ClaimInput{Kind: "volunteer", Name: "周玉梅", Phone: "13500004444"}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("claimed twice: %v", err)
		}

		// Fulfilment needs a photo; its metadata is stripped.
		if _, err := svc.Fulfil(ctx, community, radio.ID, 0, "税务局志愿者送来收音机", nil); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("no photo: %v", err)
		}
		if _, err := svc.Fulfil(ctx, community, radio.ID, 0, "税务局志愿者送来收音机", []byte("not an image at all")); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("not an image: %v", err)
		}
		phone := imagemetatest.PhoneJPEG(imagemetatest.Halves(64, 48), 1)
		if radio, err = svc.Fulfil(ctx, community, radio.ID, 0, "税务局志愿者送来收音机", phone); err != nil || radio.Status != wish.StatusFulfilled || !radio.HasPhoto {
			t.Fatalf("fulfil %+v, %v", radio, err)
		}
		ct, data, err := svc.Photo(ctx, radio.ID)
		if err != nil || ct != "image/jpeg" {
			t.Fatalf("photo %s, %v", ct, err)
		}
		for _, m := range imagemetatest.Markers {
			if bytes.Contains(data, []byte(m)) {
				t.Fatalf("stored photo still holds %q", m)
			}
		}

		// The wall: no person, the unit's name, the fulfilment.
		wall, err := svc.Wall(ctx, registertest.CommA, "", 0, 0)
		if err != nil || len(wall) != 2 {
			t.Fatalf("wall %+v, %v", wall, err)
		}
		var onWall wish.Public
		for _, p := range wall {
			if p.ID == radio.ID {
				onWall = p
			}
		}
		if onWall.ClaimantUnit != "明山区税务局" || onWall.Status != wish.StatusFulfilled || !onWall.HasPhoto || onWall.Beneficiary != "独居老人" {
			t.Fatalf("on the wall %+v", onWall)
		}
		// Reveal: with a purpose, audited; the other community sees nothing.
		if got, err := svc.Reveal(ctx, community, radio.ID, "电话回访心愿人"); err != nil || got.WisherName != "刘桂芝" || got.ClaimantPhone != "13700002222" {
			t.Fatalf("reveal %+v, %v", got, err)
		}
		if list, err := svc.List(ctx, other, "", "", 0, 0); err != nil || len(list) != 0 {
			t.Fatalf("other community's list %+v, %v", list, err)
		}
		if list, err := svc.List(ctx, gridWorker, "", "", 0, 0); err != nil || len(list) != 1 || list[0].ID != shoes.ID {
			t.Fatalf("grid worker's list %+v, %v", list, err)
		}
	})
}
