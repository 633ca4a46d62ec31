package notify

import (
	"context"
	"encoding/base64"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"strings"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/zone"
)

// SMTP mails each event through a plain SMTP relay (no TLS, no
// authentication: a relay inside the government network).
type SMTP struct {
	Addr string // host:port
	From *mail.Address
	To   []*mail.Address
	Zone *time.Location // for the times in the text; nil means UTC+8
	// Now dates the message; nil means time.Now.
	Now func() time.Time
}

func (*SMTP) Name() string { return "smtp" }

func (s *SMTP) Deliver(ctx context.Context, e order.OutboxEvent) error {
	zone := s.Zone
	if zone == nil {
		zone = chinaZone
	}
	m, err := Describe(e, zone)
	if err != nil {
		return err
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	msg := s.compose(e, m, now().In(zone))
	if err := s.send(ctx, msg); err != nil {
		return fmt.Errorf("smtp %s: %w", s.Addr, err)
	}
	return nil
}

// compose writes the message of event e to the configured recipients.
func (s *SMTP) compose(e order.OutboxEvent, m Message, date time.Time) []byte {
	return ComposeMail(s.From, s.To, m.Subject, m.Body, fmt.Sprintf("outbox-%d@civicgrid", e.ID), date)
}

func (s *SMTP) send(ctx context.Context, msg []byte) error {
	return SendMail(ctx, s.Addr, s.From, s.To, msg)
}

// ComposeMail writes an RFC 5322 message: UTF-8 text, base64 encoded (a
// plain relay may not take 8-bit), subject encoded per RFC 2047. A
// Message-ID that is the same on every retry lets a mail client show a
// duplicate once.
func ComposeMail(from *mail.Address, to []*mail.Address, subject, body, messageID string, date time.Time) []byte {
	names := make([]string, len(to))
	for i, a := range to {
		names[i] = a.String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\n", from.String())
	fmt.Fprintf(&b, "To: %s\r\n", strings.Join(names, ", "))
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.BEncoding.Encode("utf-8", subject))
	fmt.Fprintf(&b, "Date: %s\r\n", date.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s>\r\n", messageID)
	b.WriteString("MIME-Version: 1.0\r\n")
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\n")
	b.WriteString("Content-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(body))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return []byte(b.String())
}

// SendMail hands msg to the plain SMTP relay at addr for the recipients.
func SendMail(ctx context.Context, addr string, from *mail.Address, to []*mail.Address, msg []byte) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	// net/smtp knows no contexts: the deadline bounds every read and
	// write, and cancelling ctx closes the connection.
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	host, _, _ := net.SplitHostPort(addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if err := c.Mail(from.Address); err != nil {
		return err
	}
	for _, a := range to {
		if err := c.Rcpt(a.Address); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// China has kept UTC+8 without daylight saving since 1991.
var chinaZone = zone.Shanghai()
