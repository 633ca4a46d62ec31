package bulletin

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"time"
	"unicode/utf8"

	"civicgrid/internal/auth"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
)

// lease is how long a node may take to send one bulletin before another
// node may try.
const lease = 5 * time.Minute

// retryAfter is the wait before the next attempt after attempts failures.
func retryAfter(attempts int) time.Duration {
	wait := 5 * time.Minute << min(attempts-1, 6)
	return min(wait, 6*time.Hour)
}

// SendDue sends each bulletin that is due at now and not yet sent: for
// every node and kind with recipients, the bulletin of the last complete
// week or month. It returns how many it sent; a failed one is tried again
// later (see retryAfter) and does not stop the others.
func (s *Service) SendDue(ctx context.Context) (int, error) {
	if s.mailer == nil {
		return 0, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT node_code, kind FROM bulletin_recipients ORDER BY node_code, kind`)
	if err != nil {
		return 0, err
	}
	type list struct{ node, kind string }
	var lists []list
	for rows.Next() {
		var l list
		if err := rows.Scan(&l.node, &l.kind); err != nil {
			rows.Close()
			return 0, err
		}
		lists = append(lists, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	sent := 0
	var firstErr error
	for _, l := range lists {
		ok, err := s.sendOne(ctx, l.node, report.BulletinKind(l.kind))
		if ok {
			sent++
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return sent, firstErr
}

// sendOne sends node's bulletin of kind for the last complete period if
// it is due and this node wins the claim.
func (s *Service) sendOne(ctx context.Context, node string, kind report.BulletinKind) (bool, error) {
	now := s.now()
	cur, _, err := report.BulletinPeriodIn(kind, now, s.zone)
	if err != nil {
		return false, err
	}
	key := []any{node, string(kind), store.Millis(cur.From)}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO bulletin_sends (node_code, kind, period_from, status)
		VALUES (?, ?, ?, 'pending') ON CONFLICT DO NOTHING`, key...); err != nil {
		return false, err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE bulletin_sends SET lease_until = ?, attempts = attempts + 1
		WHERE node_code = ? AND kind = ? AND period_from = ? AND status <> 'sent' AND next_at <= ? AND lease_until < ?`,
		append(append([]any{store.Millis(now.Add(lease))}, key...), store.Millis(now), store.Millis(now))...)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil // sent, waiting for a retry, or another node is sending it
	}
	to, err := s.addresses(ctx, node, kind)
	if err == nil && len(to) > 0 {
		err = s.deliver(ctx, node, kind, now, to)
	}
	if err != nil {
		var attempts int
		_ = s.db.QueryRowContext(ctx, `SELECT attempts FROM bulletin_sends WHERE node_code = ? AND kind = ? AND period_from = ?`,
			key...).Scan(&attempts)
		_, uerr := s.db.ExecContext(ctx, `UPDATE bulletin_sends SET status = 'failed', last_error = ?, next_at = ?, lease_until = 0
			WHERE node_code = ? AND kind = ? AND period_from = ?`,
			append([]any{cut(err.Error(), 500), store.Millis(now.Add(retryAfter(max(attempts, 1))))}, key...)...)
		if uerr != nil {
			return false, uerr
		}
		return false, fmt.Errorf("bulletin %s %s: %w", node, kind, err)
	}
	_, err = s.db.ExecContext(ctx, `UPDATE bulletin_sends SET status = 'sent', sent_at = ?, recipients = ?, last_error = '',
		lease_until = 0 WHERE node_code = ? AND kind = ? AND period_from = ?`,
		append([]any{store.Millis(s.now()), len(to)}, key...)...)
	return err == nil, err
}

// deliver computes, writes and mails the bulletin.
func (s *Service) deliver(ctx context.Context, node string, kind report.BulletinKind, now time.Time, to []*mail.Address) error {
	// The schedule reads as the district's or street's own leader would.
	scope := auth.ScopeOf(auth.User{Role: auth.RoleLeader, NodeCode: node}, "")
	b, err := s.compose(ctx, scope, node, kind, now)
	if err != nil {
		return err
	}
	var book bytes.Buffer
	if err := WriteWorkbook(&book, b, Chinese, s.zone); err != nil {
		return err
	}
	id := fmt.Sprintf("bulletin-%s-%s-%d@civicgrid", node, kind, store.Millis(b.Period.From))
	msg, err := Compose(s.mailer.From(), to, b, Chinese, PageLink(s.baseURL, b), id, now.In(s.zone), book.Bytes())
	if err != nil {
		return err
	}
	return s.mailer.Send(ctx, to, msg)
}

// addresses opens the recipients' addresses.
func (s *Service) addresses(ctx context.Context, node string, kind report.BulletinKind) ([]*mail.Address, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, email FROM bulletin_recipients WHERE node_code = ? AND kind = ? ORDER BY id`,
		node, string(kind))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*mail.Address
	for rows.Next() {
		var name, sealed string
		if err := rows.Scan(&name, &sealed); err != nil {
			return nil, err
		}
		email, err := s.keys.Open(sealed)
		if err != nil {
			return nil, err
		}
		out = append(out, &mail.Address{Name: name, Address: email})
	}
	return out, rows.Err()
}

// Run sends due bulletins every interval until ctx ends.
func (s *Service) Run(ctx context.Context, every time.Duration, logger *slog.Logger) {
	if s.mailer == nil {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.SendDue(ctx); err != nil && ctx.Err() == nil {
			logger.Warn("bulletins", "sent", n, "err", err)
		} else if n > 0 {
			logger.Info("bulletins sent", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// cut shortens s to at most n bytes without splitting a character.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
