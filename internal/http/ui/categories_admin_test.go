package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// catFormOf is every field of the edit form for c, as the page fills it.
func catFormOf(c category.Category) url.Values {
	f := url.Values{"name_zh": {c.NameZh}, "name_en": {c.NameEn}, "kind": {c.Kind}, "route": {c.Route.String()},
		"urgency": {c.Urgency}, "reply_minutes": {strconv.Itoa(int(c.Limits.Reply / time.Minute))},
		"keywords": {strings.Join(c.Keywords, " ")}, "fields": {"[]"}, "sort_order": {strconv.Itoa(c.SortOrder)},
		"version": {strconv.Itoa(c.Version)}}
	if c.Active {
		f.Set("active", "1")
	}
	if c.Limits.ResolveWorkingDays > 0 {
		f.Set("resolve_days", strconv.Itoa(c.Limits.ResolveWorkingDays))
	} else {
		f.Set("resolve_minutes", strconv.Itoa(int(c.Limits.ResolveWithin/time.Minute)))
	}
	return f
}

// TestCategoriesAdmin: the tree lists every entry with its limits; an
// edit changes the limits of new orders only (orders copy their limits);
// a stale version is refused with the typed values kept; a leaf can be
// added under a class; a street's admin may not touch the catalogue.
func TestCategoriesAdmin(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		const code = "corridor.clutter"
		mine := gwMyGrid(t, e)
		before := fileOrder(t, e, mine.GridCode, order.ChannelHotline, code, "楼道堆物，编辑目录之前受理")
		if before.Limits.ResolveWorkingDays != 3 {
			t.Fatalf("seed limits of %s: %+v, want 3 working days", code, before.Limits)
		}

		c := e.client(t)
		c.signIn("admin", e.creds["admin"])
		list := c.get("/admin/categories")
		wantStatus(t, list, http.StatusOK, "/admin/categories")
		wantContains(t, list, "catalogue", `id="cat-`+code+`"`, "楼道堆物", "网格领办", "3个工作日", "2小时",
			"燃气泄漏", "是否已关闭阀门*", `id="cat-note"`, `id="cat-add-form"`)

		edit := c.get("/admin/categories/" + code)
		wantStatus(t, edit, http.StatusOK, "edit "+code)
		wantContains(t, edit, "edit form", `id="cat-edit-form"`, `name="version" value="1"`, `value="楼道堆物"`)
		wantStatus(t, c.get("/admin/categories/no.such"), http.StatusNotFound, "edit an unknown category")

		old, err := category.Get(ctx, db, code)
		if err != nil {
			t.Fatal(err)
		}
		form := catFormOf(old)
		form.Set("resolve_days", "7")
		form.Set("reply_minutes", "60")
		r := c.post("/admin/categories/"+code, form)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/categories?saved=") {
			t.Fatalf("save: %d → %q\n%s", r.Status, r.Header.Get("Location"), excerpt(r.Body))
		}
		wantContains(t, c.get(r.Header.Get("Location")), "after saving", `id="cat-saved"`, "7个工作日")

		after := fileOrder(t, e, mine.GridCode, order.ChannelHotline, code, "楼道堆物，编辑目录之后受理")
		if after.Limits.ResolveWorkingDays != 7 || after.Limits.Reply != time.Hour {
			t.Fatalf("new order's limits %+v, want 7 working days and 1 h", after.Limits)
		}
		kept, err := e.app.Orders.Get(ctx, e.actor(t, "dispatcher"), before.Number)
		if err != nil {
			t.Fatal(err)
		}
		if kept.Limits != before.Limits || !kept.ResolveDueAt.Equal(before.ResolveDueAt) {
			t.Fatalf("the earlier order changed: limits %+v due %s, was %+v due %s", kept.Limits, kept.ResolveDueAt,
				before.Limits, before.ResolveDueAt)
		}

		t.Run("stale version", func(t *testing.T) {
			stale := catFormOf(old) // version 1; the category is at 2 now
			stale.Set("name_zh", "楼道堆物（我的修改）")
			r := c.post("/admin/categories/"+code, stale)
			wantStatus(t, r, http.StatusConflict, "stale save")
			wantContains(t, r, "stale save", `id="cat-alert"`, "其他人已修改", `value="楼道堆物（我的修改）"`, `id="cat-stale"`,
				`name="version" value="2"`)
			if now, _ := category.Get(ctx, db, code); now.NameZh != "楼道堆物" || now.Version != 2 {
				t.Fatalf("a stale save changed the category: %q v%d", now.NameZh, now.Version)
			}
		})

		t.Run("field errors", func(t *testing.T) {
			bad := catFormOf(old)
			bad.Set("version", "2")
			bad.Set("reply_minutes", "0")
			bad.Set("name_zh", "楼道堆物X")
			r := c.post("/admin/categories/"+code, bad)
			wantStatus(t, r, http.StatusBadRequest, "reply 0")
			wantContains(t, r, "reply 0", `id="cat-edit-reply-minutes-error"`, `value="楼道堆物X"`)
			bad.Set("reply_minutes", "两小时")
			r = c.post("/admin/categories/"+code, bad)
			wantStatus(t, r, http.StatusBadRequest, "reply not a number")
			wantContains(t, r, "reply not a number", "请填写整数", `value="两小时"`)
		})

		t.Run("add a leaf", func(t *testing.T) {
			r := c.post("/admin/categories", url.Values{"parent_code": {"event.environment"}, "code": {"stray.dogs"},
				"name_zh": {"流浪犬"}, "name_en": {"Stray dogs"}, "kind": {"event"}, "route": {"grid"},
				"urgency": {"normal"}, "reply_minutes": {"120"}, "resolve_days": {"2"}, "keywords": {"流浪狗 野狗"}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("add: %d\n%s", r.Status, excerpt(r.Body))
			}
			got, err := category.Get(ctx, db, "stray.dogs")
			if err != nil || !got.Leaf || got.ParentCode != "event.environment" || got.Limits.ResolveWorkingDays != 2 {
				t.Fatalf("added category: %+v, %v", got, err)
			}
			r = c.post("/admin/categories", url.Values{"parent_code": {"event.environment"}, "code": {"stray.dogs"},
				"name_zh": {"流浪犬2"}, "name_en": {"Stray dogs"}, "kind": {"event"}, "route": {"grid"},
				"urgency": {"normal"}, "reply_minutes": {"120"}, "resolve_days": {"2"}})
			wantStatus(t, r, http.StatusBadRequest, "add a taken code")
			wantContains(t, r, "add a taken code", "此代码已被使用", `value="流浪犬2"`)
		})

		t.Run("street admin", func(t *testing.T) {
			s := e.client(t)
			s.signIn(streetAdmin, e.creds[streetAdmin])
			wantStatus(t, s.get("/admin/categories"), http.StatusForbidden, "street admin list")
			wantStatus(t, s.get("/admin/categories/"+code), http.StatusForbidden, "street admin edit")
			form := catFormOf(old)
			form.Set("version", "2")
			wantStatus(t, s.post("/admin/categories/"+code, form), http.StatusForbidden, "street admin save")
			if now, _ := category.Get(ctx, db, code); now.Version != 2 {
				t.Fatalf("the street admin's save changed the category to v%d", now.Version)
			}
			op := e.client(t)
			op.signIn("operator", e.creds["operator"])
			wantStatus(t, op.get("/admin/categories"), http.StatusForbidden, "operator list")
		})
	})
}
