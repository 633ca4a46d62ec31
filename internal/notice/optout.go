package notice

import (
	"context"
	"errors"
	"strings"
	"time"

	"civicgrid/internal/errs"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// OptedOut reports whether a number (by its blind indexes) replied T.
func OptedOut(ctx context.Context, db *store.DB, blinds []string) (bool, error) {
	if len(blinds) == 0 {
		return false, nil
	}
	args := make([]any, len(blinds))
	for i, b := range blinds {
		args[i] = b
	}
	var n int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM notice_optouts WHERE phone_blind IN (?`+
		strings.Repeat(", ?", len(blinds)-1)+`)`, args...).Scan(&n)
	return n > 0, err
}

// optOutWords are the replies that mean 退订: T as the messages say, and
// what people type instead.
var optOutWords = []string{"T", "TD", "N", "退订", "退"}

// ErrReply: an SMS reply without a number.
var ErrReply = errs.New(errs.Invalid, "notice: an SMS reply needs the number it came from")

// Reply handles an SMS a resident sent back (forwarded by the provider or
// gateway): T (or TD, 退订) opts the number out of every further notice.
// It reports whether the reply was an opt-out; other text is ignored.
func Reply(ctx context.Context, db *store.DB, orders *order.Service, phone, text string, now time.Time) (bool, error) {
	blinds := orders.PhoneBlinds(phone)
	if len(blinds) == 0 {
		return false, ErrReply
	}
	word := strings.ToUpper(strings.TrimSpace(text))
	found := false
	for _, w := range optOutWords {
		if word == w {
			found = true
		}
	}
	if !found {
		return false, nil
	}
	_, err := db.ExecContext(ctx, `INSERT INTO notice_optouts (phone_blind, at, source) VALUES (?, ?, 'sms_reply')
		ON CONFLICT (phone_blind) DO NOTHING`, blinds[0], store.Millis(now))
	if err != nil {
		return false, errors.Join(errors.New("notice: opt-out"), err)
	}
	return true, nil
}
