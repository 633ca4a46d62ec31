package mailbox_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/mailbox"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func newBox(t *testing.T, db *store.DB) *mailbox.Box {
	t.Helper()
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{5}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return &mailbox.Box{DB: db, Keys: keys}
}

const letter = "From: 张三 <zhangsan@example.com>\r\nSubject: 路灯不亮\r\nMessage-ID: <l1@example.com>\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n\r\n永光小区3号楼下的路灯坏了一个星期。"

var (
	operator = auth.User{ID: 1, Username: "operator", DisplayName: "话务员", Role: auth.RoleOperator, NodeCode: "210504"}
	street   = auth.User{ID: 2, Username: "street", Role: auth.RoleStreet, NodeCode: "210504002"}
)

func TestMailboxKeepsALetterOnceWithTheSenderSealed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		box, ctx := newBox(t, db), context.Background()
		m, err := mailbox.Parse(strings.NewReader(letter))
		if err != nil {
			t.Fatal(err)
		}
		id, dup, err := box.Receive(ctx, m)
		if err != nil || dup {
			t.Fatalf("receive: %d %v %v", id, dup, err)
		}
		again, dup, err := box.Receive(ctx, m) // the MTA delivers it again
		if err != nil || !dup || again != id {
			t.Fatalf("redelivery: %d %v %v", again, dup, err)
		}
		var name, email string
		if err := db.QueryRowContext(ctx, `SELECT sender_name, sender_email FROM inbound_mail WHERE id = ?`, id).Scan(&name, &email); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(name+email, "张三") || strings.Contains(email, "zhangsan") || !strings.HasPrefix(email, "v1.") {
			t.Fatalf("sender at rest: %q %q", name, email)
		}
		list, err := box.List(ctx, operator, "", 50)
		if err != nil || len(list) != 1 || list[0].Sender != "zhangsan@example.com" || list[0].SenderName != "张三" {
			t.Fatalf("operator's list: %+v, %v", list, err)
		}
		if _, err := box.List(ctx, street, "", 50); !errors.Is(err, mailbox.ErrForbidden) {
			t.Fatalf("street reading the mailbox: %v", err)
		}
	})
}

func TestMailboxFileAndReject(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		box, ctx := newBox(t, db), context.Background()
		m, _ := mailbox.Parse(strings.NewReader(letter))
		id, _, err := box.Receive(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		if err := box.Reject(ctx, operator, "ip", id, 1, "x"); !errors.Is(err, mailbox.ErrInvalidInput) {
			t.Fatalf("short reason: %v", err)
		}
		if err := box.Filed(ctx, street, "ip", id, 1, "202611230001"); !errors.Is(err, mailbox.ErrForbidden) {
			t.Fatalf("street filing: %v", err)
		}
		if err := box.Filed(ctx, operator, "ip", id, 1, "202611230001"); err != nil {
			t.Fatal(err)
		}
		// Filed once: a second operator holding the old version is refused.
		if err := box.Reject(ctx, operator, "ip", id, 1, "垃圾邮件"); !errors.Is(err, mailbox.ErrStaleVersion) {
			t.Fatalf("settling twice: %v", err)
		}
		got, err := box.Get(ctx, operator, id)
		if err != nil || got.Status != mailbox.StatusFiled || got.OrderNumber != "202611230001" || got.Version != 2 {
			t.Fatalf("after filing: %+v, %v", got, err)
		}
		if _, err := box.Get(ctx, operator, id+100); !errors.Is(err, mailbox.ErrNotFound) {
			t.Fatalf("unknown id: %v", err)
		}
		var audited int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'mail.filed'`).Scan(&audited); err != nil || audited != 1 {
			t.Fatalf("audit: %d %v", audited, err)
		}
	})
}
