package order_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// The reporter's e-mail is sealed at rest like the phone, masked on read
// and shown in full only through the audited reveal.
func TestReporterEmailIsSealedMaskedAndRevealed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in := noise("楼上噪音")
		in.ReporterEmail = "zhangsan@example.com"
		o := mustCreate(t, e, operator, in)
		var sealed string
		if err := db.QueryRowContext(ctx, `SELECT reporter_email FROM orders WHERE number = ?`, o.Number).Scan(&sealed); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(sealed, "v1.") || strings.Contains(sealed, "zhangsan") {
			t.Fatalf("reporter_email at rest: %q", sealed)
		}
		got, err := e.svc.Get(ctx, dispatcher, o.Number)
		if err != nil {
			t.Fatal(err)
		}
		if got.Reporter.Email != "z*******@example.com" {
			t.Fatalf("masked e-mail %q", got.Reporter.Email)
		}
		rev, err := e.svc.RevealReporter(ctx, dispatcher, o.Number, "回访联系居民")
		if err != nil || rev.Email != "zhangsan@example.com" {
			t.Fatalf("reveal: %+v, %v", rev, err)
		}
	})
}

func TestBadReporterEmailIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, bad := range []string{"not an address", "张三 <zs@example.com>", strings.Repeat("a", 250) + "@example.com"} {
			in := noise("楼上噪音")
			in.ReporterEmail = bad
			if _, _, err := e.svc.Create(context.Background(), operator, in); !errors.Is(err, order.ErrInvalid) {
				t.Fatalf("%q: %v, want ErrInvalid", bad, err)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM orders WHERE number <> ?`, ""); n != 0 {
			t.Fatalf("%d orders filed from bad input", n)
		}
	})
}
