package noticetest

import (
	"encoding/base64"
	"mime"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Mail is one message the fake relay took, its body decoded.
type Mail struct {
	From, To, Subject, Body string
}

// Relay is a fake plain SMTP relay on 127.0.0.1.
type Relay struct {
	ln    net.Listener
	mu    sync.Mutex
	mails []Mail
	wg    sync.WaitGroup
}

// SMTP starts a relay, closed when t ends.
func SMTP(t testing.TB) *Relay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Relay{ln: ln}
	s.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Go(func() { s.serve(c) })
		}
	})
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

// Addr is host:port.
func (s *Relay) Addr() string { return s.ln.Addr().String() }

// Mails is what the relay took so far.
func (s *Relay) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

func (s *Relay) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	tp := textproto.NewConn(c)
	reply := func(format string, args ...any) { _ = tp.PrintfLine(format, args...) }
	reply("220 relay.test ESMTP")
	var m Mail
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			reply("250 relay.test")
		case "MAIL":
			m = Mail{From: between(arg, "<", ">")}
			reply("250 ok")
		case "RCPT":
			m.To = between(arg, "<", ">")
			reply("250 ok")
		case "DATA":
			reply("354 go ahead")
			lines, err := tp.ReadDotLines()
			if err != nil {
				return
			}
			m.Subject, m.Body = decode(lines)
			s.mu.Lock()
			s.mails = append(s.mails, m)
			s.mu.Unlock()
			reply("250 queued")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("250 ok")
		}
	}
}

func between(s, open, close string) string {
	_, rest, _ := strings.Cut(s, open)
	v, _, _ := strings.Cut(rest, close)
	return v
}

// decode reads the subject and the base64 body of a message.
func decode(lines []string) (subject, body string) {
	var b64 strings.Builder
	inBody := false
	for _, l := range lines {
		switch {
		case inBody:
			b64.WriteString(strings.TrimSpace(l))
		case l == "":
			inBody = true
		case strings.HasPrefix(l, "Subject: "):
			subject, _ = new(mime.WordDecoder).DecodeHeader(strings.TrimPrefix(l, "Subject: "))
		}
	}
	raw, _ := base64.StdEncoding.DecodeString(b64.String())
	return subject, string(raw)
}
