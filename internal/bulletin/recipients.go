package bulletin

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/pii"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
)

// Recipient is one person who receives a node's bulletin of one kind.
// The address is kept sealed; Email is its masked form.
type Recipient struct {
	ID        int64               `json:"id"`
	Node      string              `json:"node"`
	NodeName  string              `json:"node_name"`
	Kind      report.BulletinKind `json:"kind"`
	Name      string              `json:"name"`
	Email     string              `json:"email"` // masked: z***@example.gov.cn
	CreatedAt time.Time           `json:"created_at"`
}

// NewRecipient is what AddRecipient takes.
type NewRecipient struct {
	Node  string
	Kind  string
	Name  string
	Email string
}

const maxName = 50

// AddRecipient lists a person to receive node's bulletin of a kind. The
// node is a district or street in the actor's scope; an address listed
// twice for one node and kind is ErrConflict.
func (s *Service) AddRecipient(ctx context.Context, a Actor, in NewRecipient) (Recipient, error) {
	if err := a.need(manageRoles, "list bulletin recipients"); err != nil {
		return Recipient{}, err
	}
	kind, err := report.ParseBulletinKind(in.Kind)
	if err != nil {
		return Recipient{}, invalid("kind %q: want week or month — 请选择周报或月报", in.Kind)
	}
	node, nodeName, err := s.node(ctx, a, strings.TrimSpace(in.Node))
	if err != nil {
		return Recipient{}, err
	}
	name := strings.TrimSpace(in.Name)
	if name == "" || utf8.RuneCountInString(name) > maxName {
		return Recipient{}, invalid("name: 1 to %d characters — 请填写姓名（不超过%d字）", maxName, maxName)
	}
	addr, err := mail.ParseAddress(strings.TrimSpace(in.Email))
	if err != nil || addr.Name != "" || !strings.Contains(addr.Address, ".") {
		return Recipient{}, invalid("email %q: want an address like name@example.gov.cn — 邮箱格式不对，例如 name@example.gov.cn", in.Email)
	}
	email := strings.ToLower(addr.Address)
	sealed, err := s.keys.Seal(email)
	if err != nil {
		return Recipient{}, err
	}
	now := s.now()
	r := Recipient{Node: node, NodeName: nodeName, Kind: kind, Name: name, Email: pii.MaskEmail(email), CreatedAt: now}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO bulletin_recipients (node_code, kind, name, email, email_blind, email_mask,
			created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			node, string(kind), name, sealed, s.keys.Blind(email), r.Email, nullID(a.Audit.UserID), store.Millis(now)).Scan(&r.ID)
		if store.IsUniqueViolation(err) {
			return fmt.Errorf("%w: %s already receives the %s bulletin of %s — 这个邮箱已经在这份简报的接收名单里", ErrConflict, r.Email, kind, nodeName)
		}
		if err != nil {
			return err
		}
		return a.Audit.Record(ctx, tx, now, "bulletin.recipient.add", fmt.Sprintf("bulletin:%s:%s", node, kind),
			name+" "+r.Email)
	})
	if err != nil {
		return Recipient{}, err
	}
	return r, nil
}

// RemoveRecipient takes a person off a list.
func (s *Service) RemoveRecipient(ctx context.Context, a Actor, id int64) error {
	if err := a.need(manageRoles, "list bulletin recipients"); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		var node, kind, name, masked string
		err := tx.QueryRowContext(ctx, `SELECT node_code, kind, name, email_mask FROM bulletin_recipients WHERE id = ?`, id).
			Scan(&node, &kind, &name, &masked)
		if errors.Is(err, sql.ErrNoRows) || err == nil && !a.Scope.CoversRegion(node) {
			return notFound("recipient %d", id)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM bulletin_recipients WHERE id = ?`, id); err != nil {
			return err
		}
		return a.Audit.Record(ctx, tx, s.now(), "bulletin.recipient.remove", fmt.Sprintf("bulletin:%s:%s", node, kind),
			name+" "+masked)
	})
}

// Recipients lists the recipients of the nodes in the actor's scope, by
// node, kind and name.
func (s *Service) Recipients(ctx context.Context, a Actor) ([]Recipient, error) {
	if err := a.need(manageRoles, "see bulletin recipients"); err != nil {
		return nil, err
	}
	prefix := a.Scope.RegionPrefix()
	rows, err := s.db.QueryContext(ctx, `SELECT b.id, b.node_code, r.name, b.kind, b.name, b.email_mask, b.created_at
		FROM bulletin_recipients b JOIN regions r ON r.code = b.node_code
		WHERE b.node_code LIKE ? ORDER BY b.node_code, b.kind DESC, b.name, b.id`, prefix+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Recipient{}
	for rows.Next() {
		var r Recipient
		var kind string
		var at int64
		if err := rows.Scan(&r.ID, &r.Node, &r.NodeName, &kind, &r.Name, &r.Email, &at); err != nil {
			return nil, err
		}
		r.Kind, r.CreatedAt = report.BulletinKind(kind), store.Time(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// node checks a bulletin node: a district or street that exists and lies
// in the actor's scope ("" is the actor's own node).
func (s *Service) node(ctx context.Context, a Actor, code string) (string, string, error) {
	if code == "" {
		code = a.Scope.RegionPrefix()
	}
	if len(code) != 6 && len(code) != 9 || strings.Trim(code, "0123456789") != "" {
		return "", "", invalid("node %q: a bulletin is of a district (6 digits) or a street (9 digits) — 简报只按区或街道编制，请选择区或街道", code)
	}
	if !a.Scope.CoversRegion(code) {
		return "", "", notFound("node %s", code)
	}
	var name string
	err := s.db.QueryRowContext(ctx, `SELECT name FROM regions WHERE code = ?`, code).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", notFound("node %s", code)
	}
	return code, name, err
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }
