package disclosure_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/disclosure"
	"civicgrid/internal/errs"
	"civicgrid/internal/imagemeta/imagemetatest"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/orgunit/registertest"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func staff(id int64, role, node string) disclosure.Actor {
	u := auth.User{ID: id, Username: role, DisplayName: role + "员", Role: role, NodeCode: node}
	return disclosure.Actor{User: u, Scope: auth.ScopeOf(u, ""), IP: "127.0.0.1"}
}

func TestNoticeLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		registertest.Seed(t, db)
		now := ordertest.NewNow(ordertest.Monday09)
		svc, err := disclosure.New(disclosure.Config{DB: db, Now: now.Now})
		if err != nil {
			t.Fatal(err)
		}
		community := staff(2, auth.RoleCommunity, registertest.CommA)
		other := staff(3, auth.RoleCommunity, registertest.CommB)
		leader := staff(4, auth.RoleLeader, "210504")
		body := "2026年第三季度社区办公经费收入12000元，支出9850元，明细见附件。"

		if _, err := svc.Create(ctx, community, disclosure.Input{CommunityCode: registertest.CommA, Category: "账本", Title: "三季度财务公开", Body: body}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("bad category: %v", err)
		}
		if _, err := svc.Create(ctx, other, disclosure.Input{CommunityCode: registertest.CommA, Category: "finance", Title: "三季度财务公开", Body: body}); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("other community: %v", err)
		}
		if _, err := svc.Create(ctx, leader, disclosure.Input{CommunityCode: registertest.CommA, Category: "finance", Title: "三季度财务公开", Body: body}); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("leader writing: %v", err)
		}
		n, err := svc.Create(ctx, community, disclosure.Input{CommunityCode: registertest.CommA, Category: "财务公开", Title: "三季度财务公开", Body: body})
		if err != nil || n.Status != disclosure.StatusDraft || n.Category != "finance" {
			t.Fatalf("create %+v, %v", n, err)
		}
		if _, err := svc.Notice(ctx, n.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("a draft is public: %v", err)
		}
		// Attachments: a PDF and a photo (stripped); not a text file.
		if _, err := svc.Attach(ctx, community, n.ID, "说明.txt", []byte("plain text")); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("text attachment: %v", err)
		}
		pdf, err := svc.Attach(ctx, community, n.ID, "明细.pdf", []byte("%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"))
		if err != nil || pdf.ContentType != "application/pdf" {
			t.Fatalf("pdf %+v, %v", pdf, err)
		}
		photo, err := svc.Attach(ctx, community, n.ID, "票据.jpg", imagemetatest.PhoneJPEG(imagemetatest.Halves(32, 24), 1))
		if err != nil {
			t.Fatal(err)
		}
		// Scheduled publishing: not public before its time.
		n, _ = svc.Get(ctx, community, n.ID)
		if n, err = svc.Publish(ctx, community, n.ID, n.Version, now.Now().Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Notice(ctx, n.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("public before its time: %v", err)
		}
		now.Advance(25 * time.Hour)
		pub, err := svc.Notice(ctx, n.ID)
		if err != nil || len(pub.Attachments) != 2 {
			t.Fatalf("public %+v, %v", pub, err)
		}
		_, data, err := svc.File(ctx, nil, n.ID, photo.ID)
		if err != nil || bytes.Contains(data, []byte("GPSLatitude")) {
			t.Fatalf("photo attachment still has its metadata (%v)", err)
		}
		// An edit after publishing needs a reason and is shown.
		fixed := "2026年第三季度社区办公经费收入12000元，支出9580元，明细见附件。"
		if _, err := svc.Edit(ctx, community, n.ID, 0, disclosure.Input{Title: n.Title, Body: fixed}, ""); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("edit without a reason: %v", err)
		}
		if _, err := svc.Edit(ctx, community, n.ID, n.Version-1, disclosure.Input{Title: n.Title, Body: fixed}, "支出数字录入有误"); errs.KindOf(err) != errs.Stale {
			t.Fatalf("stale edit: %v", err)
		}
		if n, err = svc.Edit(ctx, community, n.ID, 0, disclosure.Input{Title: n.Title, Body: fixed}, "支出数字录入有误"); err != nil {
			t.Fatal(err)
		}
		pub, err = svc.Notice(ctx, n.ID)
		if err != nil || pub.Body != fixed || pub.Revision != 2 || len(pub.History) != 1 || pub.History[0].Body != body || pub.History[0].Reason != "支出数字录入有误" {
			t.Fatalf("after the edit %+v, %v", pub, err)
		}
		// Archive: still public, in the archive.
		if n, err = svc.Archive(ctx, community, n.ID, 0); err != nil || !n.Archived(now.Now()) {
			t.Fatalf("archive %+v, %v", n, err)
		}
		if _, err := svc.Archive(ctx, community, n.ID, 0); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("archived twice: %v", err)
		}
		list, err := svc.Public(ctx, registertest.CommA, "", 0)
		if err != nil || len(list) != 1 || !list[0].Archived(now.Now()) {
			t.Fatalf("public list %+v, %v", list, err)
		}
		if list, err := svc.Public(ctx, registertest.CommB, "", 0); err != nil || len(list) != 0 {
			t.Fatalf("another community's page %+v, %v", list, err)
		}
		if list, err := svc.List(ctx, leader, "", "finance", 0); err != nil || len(list) != 1 {
			t.Fatalf("leader's list %+v, %v", list, err)
		}
	})
}
