package order_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestCreateRoutesByCatalogueAndCopiesLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		gas := order.Input{Channel: order.ChannelHotline, Category: "gas.leak", Description: "楼道里一股煤气味", Point: inB,
			Attributes: map[string]string{"valve_closed": "no"}, ReporterPhone: "139 0000 1111"}
		o := mustCreate(t, e, operator, gas)
		if o.Number != "202611230001" {
			t.Fatalf("number %s, want 202611230001", o.Number)
		}
		if o.Status != order.StatusDispatched || o.Level != category.LevelDepartment || o.HandlerCode != "ranqi" {
			t.Fatalf("gas leak went to %s %s %s, want dispatched to department ranqi", o.Status, o.Level, o.HandlerCode)
		}
		if o.GridCode != gridB || o.CommunityCode != community1 || o.StreetCode != street1 || o.DistrictCode != district {
			t.Fatalf("location %+v", o)
		}
		// Emergency limits: reply 15 min, resolve within 4 clock hours.
		if !o.ReplyDueAt.Equal(monday09.Add(15*time.Minute)) || !o.ResolveDueAt.Equal(monday09.Add(4*time.Hour)) {
			t.Fatalf("due %s / %s", o.ReplyDueAt, o.ResolveDueAt)
		}
		if o.Reporter.Phone != "139****1111" || o.Version != 1 {
			t.Fatalf("reporter %+v version %d", o.Reporter, o.Version)
		}
		tl, err := e.svc.Timeline(ctx, dispatcher, o.Number)
		if err != nil {
			t.Fatal(err)
		}
		if len(tl) != 2 || tl[0].Action != order.ActionCreate || tl[0].To != order.StatusPending ||
			tl[1].Action != order.ActionDispatch || tl[1].ActorRole != "system" || tl[1].To != order.StatusDispatched {
			t.Fatalf("timeline %+v", tl)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE topic IN ('order.create', 'order.dispatch')`); n != 2 {
			t.Fatalf("outbox rows %d, want 2", n)
		}

		// Normal matters: 2 clock hours and 3 working days; a Friday order
		// skips the weekend (24:00 of the 3rd working day after Friday).
		e.now.Set(time.Date(2026, 11, 27, 16, 30, 0, 0, cst))
		light := mustCreate(t, e, operator, order.Input{Channel: order.ChannelHotline, Category: "streetlight.out",
			Description: "路灯不亮", Point: inA})
		if want := time.Date(2026, 12, 3, 0, 0, 0, 0, cst); !light.ResolveDueAt.Equal(want) {
			t.Fatalf("Friday resolve due %s, want %s", light.ResolveDueAt.In(cst), want)
		}
		if !light.ReplyDueAt.Equal(e.now.Now().Add(2 * time.Hour)) {
			t.Fatalf("reply due %s", light.ReplyDueAt)
		}
		if light.Number != "202611270001" {
			t.Fatalf("new day number %s", light.Number)
		}

		// An admin edit of the category never rewrites the order's limits.
		c, _ := category.Get(ctx, db, "streetlight.out")
		c.Limits.ResolveWorkingDays = 10
		c.Route = category.Route{Level: category.LevelCentre}
		if _, err := category.Update(ctx, db, c, audit.Actor{UserID: 1, Name: "admin"}); err != nil {
			t.Fatal(err)
		}
		again, err := e.svc.Get(ctx, dispatcher, light.Number)
		if err != nil {
			t.Fatal(err)
		}
		if again.Limits.ResolveWorkingDays != 3 || !again.ResolveDueAt.Equal(light.ResolveDueAt) || again.CategoryVersion != 1 {
			t.Fatalf("category edit rewrote the order: %+v", again.Limits)
		}
	})
}

func TestCreateIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in := noise("楼上每天半夜跺地板")
		in.IdempotencyKey = "call-7f3a"
		in.Photos = []order.Photo{photo("a.png", pngBytes)}
		first, replayed, err := e.svc.Create(ctx, operator, in)
		if err != nil || replayed {
			t.Fatalf("first create: %v, replayed %v", err, replayed)
		}
		before := e.snapshot(t)
		in.Photos = []order.Photo{photo("a.png", pngBytes)} // the reader was consumed
		second, replayed, err := e.svc.Create(ctx, operator, in)
		if err != nil || !replayed {
			t.Fatalf("retry: %v, replayed %v", err, replayed)
		}
		if second.Number != first.Number || second.ID != first.ID {
			t.Fatalf("retry made %s, want the first order %s", second.Number, first.Number)
		}
		if after := e.snapshot(t); after != before {
			t.Fatalf("retry wrote something: %v → %v", before, after)
		}
		// Same key, different body: a conflict, and nothing written.
		other := noise("楼上每天半夜跺地板，还有狗叫")
		other.IdempotencyKey = "call-7f3a"
		if _, _, err := e.svc.Create(ctx, operator, other); !errors.Is(err, order.ErrIdempotencyConflict) {
			t.Fatalf("same key, other body: %v, want ErrIdempotencyConflict", err)
		}
		// Same key and body from another user is another request too.
		in.Photos = []order.Photo{photo("a.png", pngBytes)}
		if _, _, err := e.svc.Create(ctx, dispatcher, in); !errors.Is(err, order.ErrIdempotencyConflict) {
			t.Fatalf("same key, other user: %v", err)
		}
		if after := e.snapshot(t); after != before {
			t.Fatalf("conflict wrote something: %v → %v", before, after)
		}
	})
}

func TestConcurrentSameKeyMakesOneOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		const workers = 8
		numbers := make([]string, workers)
		errs := make([]error, workers)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := noise("小区门口广场舞太吵")
				in.IdempotencyKey = "retry-storm"
				<-start
				o, _, err := e.svc.Create(ctx, operator, in)
				numbers[i], errs[i] = o.Number, err
			}()
		}
		close(start)
		wg.Wait()
		for i := range workers {
			if errs[i] != nil {
				t.Fatalf("worker %d: %v", i, errs[i])
			}
			if numbers[i] != numbers[0] {
				t.Fatalf("workers got different orders: %v", numbers)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM orders`); n != 1 {
			t.Fatalf("%d orders, want 1", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM order_events`); n != 2 {
			t.Fatalf("%d events, want 2 (create + route)", n)
		}
	})
}

func TestConcurrentNumbersAreUnique(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		// 01:30 in Shanghai is still the previous day in UTC: the number
		// follows the Shanghai date.
		e.now.Set(time.Date(2026, 11, 22, 17, 30, 0, 0, time.UTC))
		ctx := context.Background()
		const workers, each = 8, 6
		var mu sync.Mutex
		seen := map[string]bool{}
		var wg sync.WaitGroup
		errc := make(chan error, workers*each)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					in := noise(fmt.Sprintf("噪音 %d-%d", w, i))
					in.IdempotencyKey = fmt.Sprintf("k-%d-%d", w, i)
					o, _, err := e.svc.Create(ctx, operator, in)
					if err != nil {
						errc <- err
						return
					}
					mu.Lock()
					if seen[o.Number] {
						errc <- fmt.Errorf("number %s handed out twice", o.Number)
					}
					seen[o.Number] = true
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		// Without gaps: exactly 0001 … 0048 of 23 November.
		for i := 1; i <= workers*each; i++ {
			if n := fmt.Sprintf("20261123%04d", i); !seen[n] {
				t.Fatalf("number %s missing from %d numbers", n, len(seen))
			}
		}
	})
}

func TestCreateRefusesBadInputAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		mustCreate(t, e, operator, noise("先有一单")) // so the counter row exists
		old, _ := category.Get(ctx, db, "dog.nuisance")
		old.Active = false
		if _, err := category.Update(ctx, db, old, audit.Actor{}); err != nil {
			t.Fatal(err)
		}
		big := make([]byte, maxPhotoBytes+1)
		copy(big, pngBytes)
		cases := []struct {
			name   string
			actor  order.Actor
			mutate func(*order.Input)
			want   error
		}{
			{"unknown category", operator, func(in *order.Input) { in.Category = "ufo.sighting" }, order.ErrUnknownCategory},
			{"inactive category", operator, func(in *order.Input) { in.Category = "dog.nuisance"; in.Attributes = nil }, order.ErrInactiveCategory},
			{"class not leaf", operator, func(in *order.Input) { in.Category = "event"; in.Attributes = nil }, order.ErrInvalid},
			{"longitude out of range", operator, func(in *order.Input) { in.Point = &order.Point{Lng: 200, Lat: 41} }, order.ErrPointOutOfRange},
			{"latitude out of range", operator, func(in *order.Input) { in.Point = &order.Point{Lng: 123, Lat: -91} }, order.ErrPointOutOfRange},
			{"outside every grid", operator, func(in *order.Input) { in.Point = &order.Point{Lng: 120, Lat: 30} }, order.ErrOutsideGrids},
			{"grid disagrees with point", operator, func(in *order.Input) { in.GridCode = gridB }, order.ErrInvalid},
			{"unknown grid", operator, func(in *order.Input) { in.Point = nil; in.Address = "某路1号"; in.GridCode = "210504002001099" }, order.ErrUnknownLocation},
			{"unknown community", operator, func(in *order.Input) { in.Point = nil; in.Address = "某路1号"; in.CommunityCode = "210504002099" }, order.ErrUnknownLocation},
			{"street is not a community", operator, func(in *order.Input) { in.Point = nil; in.Address = "某路1号"; in.CommunityCode = street1 }, order.ErrUnknownLocation},
			{"no location", operator, func(in *order.Input) { in.Point = nil }, order.ErrInvalid},
			{"address without point", operator, func(in *order.Input) { in.Point = nil; in.GridCode = gridA }, order.ErrInvalid},
			{"empty description", operator, func(in *order.Input) { in.Description = "  " }, order.ErrInvalid},
			{"missing required attribute", operator, func(in *order.Input) { in.Attributes = nil }, order.ErrInvalid},
			{"bad attribute value", operator, func(in *order.Input) { in.Attributes["source"] = "ghost" }, order.ErrInvalid},
			{"bad phone", operator, func(in *order.Input) { in.ReporterPhone = "call me" }, order.ErrInvalid},
			{"bad channel", operator, func(in *order.Input) { in.Channel = "fax" }, order.ErrInvalid},
			{"photo too large", operator, func(in *order.Input) { in.Photos = []order.Photo{photo("a.png", pngBytes), photo("big.png", big)} }, order.ErrPhotoTooLarge},
			{"photo not an image", operator, func(in *order.Input) { in.Photos = []order.Photo{photo("fake.jpg", []byte("GIF89a not allowed"))} }, order.ErrPhotoType},
			{"resident on the hotline", resident, func(in *order.Input) {}, order.ErrForbidden},
			{"department files", chengguan, func(in *order.Input) {}, order.ErrForbidden},
			{"outside the operator's area", staff(auth.RoleOperator, street2, ""), func(in *order.Input) {}, order.ErrInvalid},
			{"received_at on the hotline", operator, func(in *order.Input) { in.ReceivedAt = monday09.Add(-time.Hour) }, order.ErrInvalid},
		}
		before := e.snapshot(t)
		for _, c := range cases {
			in := noise("噪音")
			in.Attributes = map[string]string{"source": "neighbour"}
			c.mutate(&in)
			_, _, err := e.svc.Create(ctx, c.actor, in)
			if !errors.Is(err, c.want) {
				t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
				continue
			}
			if msg := err.Error(); len(msg) < 20 {
				t.Errorf("%s: message %q is not clear", c.name, msg)
			}
			if after := e.snapshot(t); after != before {
				t.Fatalf("%s: wrote something: %v → %v", c.name, before, after)
			}
		}
		var ve *order.ValidationError
		_, _, err := e.svc.Create(ctx, operator, order.Input{Channel: order.ChannelHotline, Category: "noise.disturb",
			Description: "x", Point: inA, Attributes: map[string]string{"source": "neighbour", "colour": "red"}})
		if !errors.As(err, &ve) || ve.Field != "attributes.colour" {
			t.Fatalf("unknown attribute: %v", err)
		}
	})
}

func TestAddressOnlyOrdersAndChannels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		// Only the community is known: a grid-routed matter goes to the street.
		in := noise("二单元门口总有人吵闹")
		in.Point, in.Address, in.CommunityCode = nil, "明山区某路8号", community2
		o := mustCreate(t, e, operator, in)
		if o.Point != nil || o.GridCode != "" || o.CommunityCode != community2 || o.StreetCode != street1 ||
			o.Level != category.LevelStreet || o.HandlerCode != street1 {
			t.Fatalf("address-only order: %+v", o)
		}
		// A grid code chosen by the operator.
		in = noise("三号楼后面半夜装修")
		in.Point, in.Address, in.GridCode = nil, "明山区某路9号", gridB
		o = mustCreate(t, e, operator, in)
		if o.GridCode != gridB || o.Level != category.LevelGrid || o.HandlerCode != gridB {
			t.Fatalf("grid-code order: %+v", o)
		}
		// A resident's web order waits for acceptance, then is routed.
		web := noise("晚上十点后还有人在楼下打篮球")
		web.Channel = order.ChannelWeb
		o = mustCreate(t, e, resident, web)
		if o.Status != order.StatusNew || o.Level != category.LevelCentre || o.Reporter.Name != "张**" {
			t.Fatalf("web order: %+v", o)
		}
		o, err := e.svc.Accept(ctx, operator, o.Number, o.Version, "")
		if err != nil {
			t.Fatal(err)
		}
		if o.Status != order.StatusDispatched || o.Level != category.LevelGrid || o.HandlerCode != gridA || o.Version != 2 {
			t.Fatalf("accepted web order: %+v", o)
		}
		// A patrol find stays with the grid that found it, even when the
		// catalogue routes the matter to the street; a department route
		// still wins.
		patrol := order.Input{Channel: order.ChannelPatrol, Category: "property.dispute", Description: "物业不清理楼道垃圾", Point: inA}
		o = mustCreate(t, e, gridWorker, patrol)
		if o.Level != category.LevelGrid || o.HandlerCode != gridA {
			t.Fatalf("patrol order: %s %s", o.Level, o.HandlerCode)
		}
		patrol.Category, patrol.Description = "streetlight.out", "巡查发现路灯不亮"
		o = mustCreate(t, e, gridWorker, patrol)
		if o.Level != category.LevelDepartment || o.HandlerCode != "chengguan" {
			t.Fatalf("patrol streetlight: %s %s", o.Level, o.HandlerCode)
		}
		// An import keeps its upstream receipt time and is numbered by it.
		imp := noise("上游平台转来的噪音投诉")
		imp.Channel, imp.ReceivedAt = order.ChannelImport, time.Date(2026, 11, 20, 10, 0, 0, 0, cst)
		o = mustCreate(t, e, dispatcher, imp)
		if !strings.HasPrefix(o.Number, "20261120") || !o.ReceivedAt.Equal(imp.ReceivedAt) ||
			!o.ResolveDueAt.Equal(time.Date(2026, 11, 26, 0, 0, 0, 0, cst)) {
			t.Fatalf("import: %s received %s due %s", o.Number, o.ReceivedAt, o.ResolveDueAt.In(cst))
		}
	})
}

func TestPhotosStoredByContentHash(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in := noise("附照片")
		// Names lie; content decides. Duplicates are stored once.
		in.Photos = []order.Photo{photo("x.gif", pngBytes), photo("y.png", jpegBytes), photo("z", webpBytes), photo("dup.png", pngBytes)}
		o := mustCreate(t, e, operator, in)
		ps, err := e.svc.Photos(ctx, dispatcher, o.Number)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 3 {
			t.Fatalf("%d photos, want 3", len(ps))
		}
		types := map[string]bool{}
		for _, p := range ps {
			types[p.ContentType] = true
			path, err := e.svc.PhotoPath(p.SHA256)
			if err != nil {
				t.Fatal(err)
			}
			if !regexp.MustCompile(`uploads/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}$`).MatchString(path) ||
				!strings.Contains(path, p.SHA256[:2]+"/"+p.SHA256[2:4]+"/"+p.SHA256) {
				t.Fatalf("path %s", path)
			}
			b, err := os.ReadFile(path)
			if err != nil || int64(len(b)) != p.Size {
				t.Fatalf("file %s: %v, %d bytes want %d", path, err, len(b), p.Size)
			}
			if p.Stage != "intake" || p.EventSeq != 1 {
				t.Fatalf("photo %+v", p)
			}
		}
		if !types["image/png"] || !types["image/jpeg"] || !types["image/webp"] {
			t.Fatalf("types %v", types)
		}
		if _, err := e.svc.PhotoPath("../../etc/passwd"); !errors.Is(err, order.ErrInvalid) {
			t.Fatalf("path traversal: %v", err)
		}
		if _, err := e.svc.Photos(ctx, streetTwo, o.Number); !errors.Is(err, order.ErrNotFound) {
			t.Fatalf("photos out of scope: %v", err)
		}
	})
}
