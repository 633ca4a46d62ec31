package mailbox

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Statuses of a letter.
const (
	StatusNew      = "new"
	StatusFiled    = "filed"
	StatusRejected = "rejected"
)

// Errors an HTTP layer maps to status codes.
var (
	ErrNotFound     = errs.New(errs.NotFound, "mailbox: not found")                  // 404
	ErrForbidden    = errs.New(errs.Forbidden, "mailbox: not allowed for this role") // 403
	ErrStaleVersion = errs.New(errs.Stale, "mailbox: changed by someone else")       // 409
	ErrInvalidInput = errs.New(errs.Invalid, "mailbox: invalid input")               // 400
)

// readers are the roles that open the mailbox: the hotline's operators
// and the command centre, district-wide like the hotline itself.
var readers = []string{auth.RoleOperator, auth.RoleDispatcher}

// Mail is a letter as an operator sees it: the sender in full, since the
// operator must be able to answer and to file the order.
type Mail struct {
	ID                  int64
	SenderName, Sender  string
	Subject, Body       string
	Attachments         int
	SentAt, ReceivedAt  time.Time
	Status, OrderNumber string
	Note                string
	HandledAt           time.Time
	Version             int
}

// Box is the mailbox on one store.
type Box struct {
	DB   *store.DB
	Keys *pii.Keyring
	Now  func() time.Time
}

func (b *Box) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

// Receive keeps m. A message already received (same Message-Id) is kept
// once: duplicate is true and id is the first one's.
func (b *Box) Receive(ctx context.Context, m Message) (id int64, duplicate bool, err error) {
	name, err := b.Keys.Seal(m.FromName)
	if err != nil {
		return 0, false, err
	}
	email, err := b.Keys.Seal(m.FromEmail)
	if err != nil {
		return 0, false, err
	}
	var sent int64
	if !m.Date.IsZero() {
		sent = store.Millis(m.Date)
	}
	err = b.DB.QueryRowContext(ctx, `INSERT INTO inbound_mail (message_id, sender_name, sender_email, subject, body,
		attachments, sent_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (message_id) DO NOTHING RETURNING id`,
		m.MessageID, name, email, m.Subject, m.Body, m.Attachments, sent, store.Millis(b.now())).Scan(&id)
	if err == nil {
		return id, false, nil
	}
	if !store.IsNoRows(err) {
		return 0, false, fmt.Errorf("mailbox: receive: %w", err)
	}
	err = b.DB.QueryRowContext(ctx, `SELECT id FROM inbound_mail WHERE message_id = ?`, m.MessageID).Scan(&id)
	return id, true, err
}

const mailColumns = `id, sender_name, sender_email, subject, body, attachments, sent_at, received_at, status,
	order_number, note, handled_at, version`

func (b *Box) scan(s interface{ Scan(...any) error }) (Mail, error) {
	var m Mail
	var sent, received, handled int64
	var name, email string
	if err := s.Scan(&m.ID, &name, &email, &m.Subject, &m.Body, &m.Attachments, &sent, &received, &m.Status,
		&m.OrderNumber, &m.Note, &handled, &m.Version); err != nil {
		return Mail{}, err
	}
	var err error
	if m.SenderName, err = b.Keys.Open(name); err != nil {
		return Mail{}, err
	}
	if m.Sender, err = b.Keys.Open(email); err != nil {
		return Mail{}, err
	}
	m.ReceivedAt = store.Time(received)
	if sent != 0 {
		m.SentAt = store.Time(sent)
	}
	if handled != 0 {
		m.HandledAt = store.Time(handled)
	}
	return m, nil
}

// List returns the letters with status (new first by default: oldest
// first, so none waits longest), for operators and dispatchers.
func (b *Box) List(ctx context.Context, u auth.User, status string, limit int) ([]Mail, error) {
	if !slices.Contains(readers, u.Role) {
		return nil, ErrForbidden
	}
	if status == "" {
		status = StatusNew
	}
	order := "received_at, id"
	if status != StatusNew {
		order = "handled_at DESC, id DESC"
	}
	rows, err := b.DB.QueryContext(ctx, `SELECT `+mailColumns+` FROM inbound_mail WHERE status = ? ORDER BY `+order+` LIMIT ?`,
		status, limit)
	if err != nil {
		return nil, fmt.Errorf("mailbox: list: %w", err)
	}
	defer rows.Close()
	var out []Mail
	for rows.Next() {
		m, err := b.scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Get returns one letter.
func (b *Box) Get(ctx context.Context, u auth.User, id int64) (Mail, error) {
	if !slices.Contains(readers, u.Role) {
		return Mail{}, ErrForbidden
	}
	m, err := b.scan(b.DB.QueryRowContext(ctx, `SELECT `+mailColumns+` FROM inbound_mail WHERE id = ?`, id))
	if store.IsNoRows(err) {
		return Mail{}, ErrNotFound
	}
	return m, err
}

// Filed records that the letter became order number; Reject that it will
// not become one, and why. Both are audited and need the version read.
func (b *Box) Filed(ctx context.Context, u auth.User, ip string, id int64, version int, number string) error {
	return b.settle(ctx, u, ip, id, version, StatusFiled, number, "")
}

// Reject closes a letter without an order, with a reason.
func (b *Box) Reject(ctx context.Context, u auth.User, ip string, id int64, version int, reason string) error {
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < 2 || n > 500 {
		return fmt.Errorf("%w: reason: 2 to 500 characters", ErrInvalidInput)
	}
	return b.settle(ctx, u, ip, id, version, StatusRejected, "", reason)
}

func (b *Box) settle(ctx context.Context, u auth.User, ip string, id int64, version int, status, number, note string) error {
	if !slices.Contains(readers, u.Role) {
		return ErrForbidden
	}
	return b.DB.InTx(ctx, func(tx *store.Tx) error {
		var cur string
		var v int
		err := tx.QueryRowContext(ctx, `SELECT status, version FROM inbound_mail WHERE id = ?`, id).Scan(&cur, &v)
		if store.IsNoRows(err) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if v != version || cur != StatusNew {
			return ErrStaleVersion
		}
		now := b.now()
		if _, err := tx.ExecContext(ctx, `UPDATE inbound_mail SET status = ?, order_number = ?, note = ?, handled_by = ?,
			handled_at = ?, version = version + 1 WHERE id = ?`, status, number, note, u.ID, store.Millis(now), id); err != nil {
			return err
		}
		detail := note
		if number != "" {
			detail = "order " + number
		}
		return audit.Actor{UserID: u.ID, Name: u.DisplayName, IP: ip}.Record(ctx, tx, now, "mail."+status, fmt.Sprintf("mail:%d", id), detail)
	})
}
