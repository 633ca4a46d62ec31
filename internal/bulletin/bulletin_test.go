package bulletin_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/bulletin"
	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/zone"
)

var cst = zone.Shanghai()

const (
	district  = "210504"
	street    = "210504002"
	street2   = "210504004"
	community = "210504002001"
)

// seed writes a district with two streets and three orders in the week of
// Monday 2 March 2026: two closed (one late), one still open past due.
func seed(t *testing.T, db *store.DB) {
	t.Helper()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, r := range []struct{ code, level, parent string }{{"2105", "city", ""}, {district, "district", "2105"},
		{street, "street", district}, {street2, "street", district}, {community, "community", street}} {
		var parent any
		if r.parent != "" {
			parent = r.parent
		}
		exec(`INSERT INTO regions (code, name, official_name, level, parent_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 1)`,
			r.code, "区域"+r.code, "区域"+r.code, r.level, parent)
	}
	exec(`INSERT INTO departments (code, name, region_code, created_at, updated_at) VALUES ('chengguan', '城管局', ?, 1, 1)`, district)
	if _, err := category.Seed(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	day := func(n, hour int) int64 { return store.Millis(time.Date(2026, 3, 2+n, hour, 0, 0, 0, cst)) }
	for i, o := range []struct {
		status           string
		received, solved int64
	}{{"closed", day(0, 9), day(1, 9)}, {"closed", day(1, 9), day(6, 9)}, {"processing", day(2, 9), 0}} {
		exec(`INSERT INTO orders (number, channel, status, category_code, category_version, kind, urgency, reply_minutes,
			resolve_days, resolve_minutes, description, community_code, street_code, district_code, handler_level, handler_code,
			received_at, reply_due_at, resolve_due_at, replied_at, resolved_at, created_at, updated_at)
			VALUES (?, 'hotline', ?, 'noise.disturb', 1, 'event', 'normal', 120, 3, 0, '噪声扰民', ?, ?, ?, 'department', 'chengguan',
			?, ?, ?, ?, ?, ?, ?)`,
			fmt.Sprintf("B%03d", i), o.status, community, street, district, o.received, o.received+2*3600_000,
			o.received+3*86400_000, o.received+3600_000, o.solved, o.received, o.received)
	}
}

// mailbox is a Mailer that keeps what it is given, or fails while fail is set.
type mailbox struct {
	mu   sync.Mutex
	sent [][]byte
	to   [][]*mail.Address
	fail bool
}

func (m *mailbox) From() *mail.Address {
	return &mail.Address{Name: "明山区12345", Address: "bulletin@example.gov.cn"}
}

func (m *mailbox) Send(_ context.Context, to []*mail.Address, msg []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail {
		return errors.New("relay refused")
	}
	m.sent, m.to = append(m.sent, msg), append(m.to, to)
	return nil
}

func (m *mailbox) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.sent)
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newService(t *testing.T, db *store.DB, m bulletin.Mailer, c *clock) *bulletin.Service {
	t.Helper()
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{9}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := report.New(report.Config{DB: db, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	orders, err := order.New(order.Config{DB: db, Locator: ordertest.BoxLocator{}, Clock: ordertest.WeekdayClock{}, Keys: keys,
		DataDir: t.TempDir(), Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	s, err := bulletin.New(bulletin.Config{DB: db, Reports: rep, Keys: keys, Orders: orders, Mailer: m,
		BaseURL: "https://12345.example.gov.cn", Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func actor(role, node string) bulletin.Actor {
	return bulletin.Actor{Role: role, Scope: auth.ScopeOf(auth.User{ID: 7, Role: role, NodeCode: node}, ""),
		Audit: audit.Actor{UserID: 0, Name: "测试"}}
}

func TestRecipients(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 3, 11, 9, 0, 0, 0, cst)}
		s := newService(t, db, &mailbox{}, c)
		admin := actor(auth.RoleAdmin, district)
		r, err := s.AddRecipient(ctx, admin, bulletin.NewRecipient{Node: street, Kind: "week", Name: "李主任", Email: "Li.Zhuren@Example.gov.cn"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Email == "li.zhuren@example.gov.cn" || !strings.Contains(r.Email, "@example.gov.cn") {
			t.Errorf("recipient shown as %q, want masked", r.Email)
		}
		var stored string
		if err := db.QueryRowContext(ctx, `SELECT email FROM bulletin_recipients WHERE id = ?`, r.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ToLower(stored), "zhuren") {
			t.Errorf("address stored in plain text: %q", stored)
		}
		bad := []struct {
			name string
			a    bulletin.Actor
			in   bulletin.NewRecipient
			want error
		}{
			{"the same address again", admin, bulletin.NewRecipient{Node: street, Kind: "week", Name: "李", Email: "li.zhuren@example.gov.cn"}, bulletin.ErrConflict},
			{"not an address", admin, bulletin.NewRecipient{Node: street, Kind: "week", Name: "李", Email: "li at example"}, bulletin.ErrInvalid},
			{"a community", admin, bulletin.NewRecipient{Node: community, Kind: "week", Name: "李", Email: "a@example.gov.cn"}, bulletin.ErrInvalid},
			{"a daily kind", admin, bulletin.NewRecipient{Node: street, Kind: "day", Name: "李", Email: "a@example.gov.cn"}, bulletin.ErrInvalid},
			{"no name", admin, bulletin.NewRecipient{Node: street, Kind: "week", Name: " ", Email: "a@example.gov.cn"}, bulletin.ErrInvalid},
			{"another street's leader", actor(auth.RoleLeader, street2), bulletin.NewRecipient{Node: street, Kind: "week", Name: "李", Email: "a@example.gov.cn"}, bulletin.ErrNotFound},
			{"a grid worker", actor(auth.RoleGrid, street), bulletin.NewRecipient{Node: street, Kind: "week", Name: "李", Email: "a@example.gov.cn"}, bulletin.ErrForbidden},
			{"an admin with no scope", bulletin.Actor{Role: auth.RoleAdmin}, bulletin.NewRecipient{Node: street, Kind: "week", Name: "李", Email: "a@example.gov.cn"}, bulletin.ErrForbidden},
		}
		for _, b := range bad {
			if _, err := s.AddRecipient(ctx, b.a, b.in); !errors.Is(err, b.want) {
				t.Errorf("%s: %v, want %v", b.name, err, b.want)
			}
		}
		if _, err := s.Recipients(ctx, bulletin.Actor{Role: auth.RoleAdmin}); !errors.Is(err, bulletin.ErrForbidden) {
			t.Errorf("an admin with no scope lists recipients: %v, want ErrForbidden", err)
		}
		if list, err := s.Recipients(ctx, actor(auth.RoleLeader, street2)); err != nil || len(list) != 0 {
			t.Errorf("another street sees %v (%v), want none", list, err)
		}
		if err := s.RemoveRecipient(ctx, actor(auth.RoleLeader, street2), r.ID); !errors.Is(err, bulletin.ErrNotFound) {
			t.Errorf("another street removes: %v, want ErrNotFound", err)
		}
		if err := s.RemoveRecipient(ctx, admin, r.ID); err != nil {
			t.Fatal(err)
		}
		if list, err := s.Recipients(ctx, admin); err != nil || len(list) != 0 {
			t.Errorf("after removal: %v (%v)", list, err)
		}
	})
}

// TestSendDue mails the weekly bulletin once per period, with the workbook
// attached holding the dashboard's figures, retries after a relay failure,
// and sends nothing twice when two nodes run the schedule at once.
func TestSendDue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 3, 9, 8, 0, 0, 0, cst)} // Monday morning
		box := &mailbox{fail: true}
		s := newService(t, db, box, c)
		other := newService(t, db, box, c)
		admin := actor(auth.RoleAdmin, district)
		for _, email := range []string{"a@example.gov.cn", "b@example.gov.cn"} {
			if _, err := s.AddRecipient(ctx, admin, bulletin.NewRecipient{Node: district, Kind: "week", Name: "区领导", Email: email}); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := s.SendDue(ctx); n != 0 || err == nil {
			t.Fatalf("relay down: sent %d (%v), want an error", n, err)
		}
		box.fail = false
		if n, err := s.SendDue(ctx); n != 0 || err != nil {
			t.Fatalf("before the retry time: sent %d (%v), want 0", n, err)
		}
		c.add(6 * time.Minute)
		var wg sync.WaitGroup
		for _, svc := range []*bulletin.Service{s, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := svc.SendDue(ctx); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if box.count() != 1 || len(box.to[0]) != 2 {
			t.Fatalf("sent %d mails, want 1 to both recipients", box.count())
		}
		c.add(24 * time.Hour)
		if n, err := s.SendDue(ctx); n != 0 || err != nil || box.count() != 1 {
			t.Fatalf("next day: sent %d (%v), want nothing new", n, err)
		}
		// The workbook's figures are the dashboard's for the week.
		rep, _ := report.New(report.Config{DB: db, Now: c.now})
		m, err := rep.Measures(ctx, auth.ScopeOf(auth.User{Role: auth.RoleLeader, NodeCode: district}, ""),
			report.Query{Node: district, From: time.Date(2026, 3, 2, 0, 0, 0, 0, cst), To: time.Date(2026, 3, 9, 0, 0, 0, 0, cst)})
		if err != nil {
			t.Fatal(err)
		}
		text, book := parseMail(t, box.sent[0])
		if !strings.Contains(text, "周报") || !strings.Contains(text, "https://12345.example.gov.cn/bulletin?") {
			t.Errorf("mail text:\n%s", text)
		}
		f, err := excelize.OpenReader(bytes.NewReader(book))
		if err != nil {
			t.Fatal(err)
		}
		received, err := f.GetCellValue("概况", "B2", excelize.Options{RawCellValue: true})
		if err != nil || received != fmt.Sprint(m.Counts.Received) || m.Counts.Received != 3 {
			t.Errorf("workbook 受理量 %q (%v), dashboard %d (want 3)", received, err, m.Counts.Received)
		}
		if n, _ := f.GetCellValue("热点问题", "B2", excelize.Options{RawCellValue: true}); n != "3" {
			t.Errorf("hot topics sheet: %q orders in the first topic, want the three 噪声扰民 calls", n)
		}
		if !strings.Contains(text, "热点问题") {
			t.Errorf("the mail names no hot topic:\n%s", text)
		}
		overdue, _ := f.GetCellValue("超期与退单", "C2", excelize.Options{RawCellValue: true})
		if want := m.Counts.ResolveDue - m.Counts.ResolvedOnTime; overdue != fmt.Sprint(want) || want != 2 {
			t.Errorf("workbook overdue %q, dashboard %d (want 2)", overdue, want)
		}
	})
}

// parseMail returns the text part and the attachment of a bulletin mail.
func parseMail(t *testing.T, raw []byte) (string, []byte) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	var text string
	var book []byte
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(p) // multipart decodes only quoted-printable; base64 by hand
		if err != nil {
			t.Fatal(err)
		}
		dec := decodeBase64(t, data)
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
			text = string(dec)
		} else {
			book = dec
		}
	}
	return text, book
}

func decodeBase64(t *testing.T, data []byte) []byte {
	t.Helper()
	out, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}
