package notify_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/sweep"
	"civicgrid/internal/zone"
)

var cst = zone.Shanghai()

// t0 is Friday 27 November 2026, 00:01 in Shanghai.
var t0 = time.Date(2026, 11, 27, 0, 1, 0, 0, cst)

// addEvent writes an outbox row as the order service and the sweeper do.
func addEvent(t testing.TB, db *store.DB, action order.Action, number string, due time.Time) int64 {
	t.Helper()
	p := sweep.Payload{OutboxPayload: order.OutboxPayload{OrderID: 7, Number: number, Seq: 5, Action: action,
		From: order.StatusDispatched, To: order.StatusPending, Level: "centre", Version: 3, At: t0.UTC()}, DueAt: due}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := db.QueryRowContext(context.Background(), `INSERT INTO outbox (at, topic, payload) VALUES (?, ?, ?) RETURNING id`,
		store.Millis(t0), "order."+string(action), string(b)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

type outboxRow struct {
	attempts  int
	doneAt    int64
	failedAt  int64
	lastError string
}

func row(t testing.TB, db *store.DB, id int64) outboxRow {
	t.Helper()
	var r outboxRow
	if err := db.QueryRowContext(context.Background(), `SELECT attempts, done_at, failed_at, last_error FROM outbox WHERE id = ?`, id).
		Scan(&r.attempts, &r.doneAt, &r.failedAt, &r.lastError); err != nil {
		t.Fatal(err)
	}
	return r
}

// fakeSMTP is an SMTP server on 127.0.0.1 that keeps what it is sent. It
// answers 451 to the first failFirst MAIL commands.
type fakeSMTP struct {
	ln        net.Listener
	mu        sync.Mutex
	failFirst int
	mails     []mailed
	wg        sync.WaitGroup
}

type mailed struct {
	from string
	to   []string
	data string
}

func startSMTP(t *testing.T, failFirst int) *fakeSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &fakeSMTP{ln: ln, failFirst: failFirst}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() { defer s.wg.Done(); s.serve(c) }()
		}
	}()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

func (s *fakeSMTP) addr() string { return s.ln.Addr().String() }

func (s *fakeSMTP) received() []mailed {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]mailed(nil), s.mails...)
}

func (s *fakeSMTP) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	tp := textproto.NewConn(c)
	reply := func(format string, args ...any) { _ = tp.PrintfLine(format, args...) }
	reply("220 fake.test ESMTP")
	var m mailed
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			reply("250-fake.test greets %s", arg)
			reply("250 8BITMIME")
		case "HELO":
			reply("250 fake.test")
		case "MAIL":
			s.mu.Lock()
			fail := s.failFirst > 0
			if fail {
				s.failFirst--
			}
			s.mu.Unlock()
			if fail {
				reply("451 4.3.0 try again later")
				continue
			}
			m = mailed{from: addrOf(arg)}
			reply("250 2.1.0 ok")
		case "RCPT":
			m.to = append(m.to, addrOf(arg))
			reply("250 2.1.5 ok")
		case "DATA":
			reply("354 go ahead")
			lines, err := tp.ReadDotLines()
			if err != nil {
				return
			}
			m.data = strings.Join(lines, "\n")
			s.mu.Lock()
			s.mails = append(s.mails, m)
			s.mu.Unlock()
			reply("250 2.0.0 queued")
		case "RSET", "NOOP":
			reply("250 ok")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 5.5.2 unknown command %s", verb)
		}
	}
}

// addrOf takes the address out of "FROM:<a@b> BODY=8BITMIME".
func addrOf(arg string) string {
	_, rest, _ := strings.Cut(arg, "<")
	a, _, _ := strings.Cut(rest, ">")
	return a
}

// sink is a test sink that records deliveries and fails the first
// failFirst calls.
type sink struct {
	name      string
	mu        sync.Mutex
	failFirst int
	calls     map[int64]int
}

func (s *sink) Name() string { return s.name }

func (s *sink) Deliver(ctx context.Context, e order.OutboxEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.calls == nil {
		s.calls = map[int64]int{}
	}
	s.calls[e.ID]++
	if s.failFirst > 0 {
		s.failFirst--
		return fmt.Errorf("%s is down", s.name)
	}
	return nil
}

func (s *sink) count(id int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[id]
}
