package consultation

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/grid"
	"civicgrid/internal/people"
	"civicgrid/internal/store"
)

// Codes: an owner votes with a one-time code for their house.

// CodeTTL is how long an owner's code is valid when the caller gives none.
const CodeTTL = 14 * 24 * time.Hour

// IssuedCode is a code for one house: only its hash is kept for good.
// Code is shown once, and only for a slip: a code on its way by SMS is
// not shown (Code is "").
type IssuedCode struct {
	HouseID   int64
	Code      string
	ExpiresAt time.Time
	Delivery  string // DeliveryPending (SMS) or DeliveryNoPhone (print)
}

// codeAlphabet leaves out 0/O and 1/I/L, which owners misread.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

func newCode() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b), nil
}

func hashCode(code string) string {
	code = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(code), " ", ""))
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])
}

// IssueCodes makes a one-time code for each named house of an open or
// draft consultation (every eligible house when none is named); a house's
// earlier code stops working. A house with an owner who has a mobile
// phone gets its code by SMS when dl.SMS (queued on the outbox in this
// transaction); the others' codes are returned once, for the printed
// slips. The store keeps each code's SHA-256, and the plain code sealed
// only until it is sent or used.
func IssueCodes(ctx context.Context, q store.Querier, ed grid.Editor, dl Delivery, id int64, houses []int64, ttl time.Duration, now time.Time) ([]IssuedCode, error) {
	if err := mayRun(ed); err != nil {
		return nil, err
	}
	c, err := Get(ctx, q, ed.Scope, id)
	if err != nil {
		return nil, err
	}
	if c.Status == StatusClosed {
		return nil, openFor(c)
	}
	if ttl <= 0 {
		ttl = CodeTTL
	}
	if len(houses) == 0 {
		hs, err := eligibleHouses(ctx, q, id)
		if err != nil {
			return nil, err
		}
		for _, h := range hs {
			houses = append(houses, h.ID)
		}
	}
	seen := map[int64]bool{}
	houses = slices.DeleteFunc(slices.Clone(houses), func(h int64) bool { dup := seen[h]; seen[h] = true; return dup })
	for _, h := range houses {
		if err := eligible(ctx, q, id, h); err != nil {
			return nil, err
		}
	}
	if err := retire(ctx, q, id, houses, now); err != nil {
		return nil, err
	}
	phones, err := people.OwnersWithPhone(ctx, q, houses)
	if err != nil {
		return nil, err
	}
	var out []IssuedCode
	for _, h := range houses {
		code, err := newCode()
		if err != nil {
			return nil, err
		}
		exp := now.Add(ttl)
		var codeID int64
		if err := q.QueryRowContext(ctx, `INSERT INTO consultation_codes (consultation_id, house_id, code_sha256, expires_at, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			id, h, hashCode(code), store.Millis(exp), store.Millis(now)).Scan(&codeID); err != nil {
			return nil, err
		}
		state, err := route(ctx, q, dl, id, h, codeID, phones[h], code, now)
		if err != nil {
			return nil, err
		}
		if state != DeliveryNoPhone {
			code = ""
		}
		out = append(out, IssuedCode{HouseID: h, Code: code, ExpiresAt: exp, Delivery: state})
	}
	return out, ed.Actor.Record(ctx, q, now, "consultation.codes", fmt.Sprintf("consultation:%d", id), fmt.Sprintf("%d codes", len(out)))
}

// ErrBadCode: the code is unknown, used, expired or for another
// consultation. One error for all, so a guess learns nothing.
var ErrBadCode = fmt.Errorf("%w: the code is wrong, used or expired — 验证码错误、已使用或已过期", ErrInvalid)

// CastByCode records the owner's own vote with a one-time code: a new
// ballot, or a change of the house's ballot until the close. The code is
// spent either way.
func CastByCode(ctx context.Context, q store.Querier, id int64, code string, in BallotInput, now time.Time) (Ballot, error) {
	var codeID, house, expires int64
	err := q.QueryRowContext(ctx, `SELECT id, house_id, expires_at FROM consultation_codes WHERE code_sha256 = ? AND consultation_id = ? AND used_at IS NULL`,
		hashCode(code), id).Scan(&codeID, &house, &expires)
	if store.IsNoRows(err) || (err == nil && expires <= store.Millis(now)) {
		return Ballot{}, ErrBadCode
	}
	if err != nil {
		return Ballot{}, err
	}
	cs, err := load(ctx, q, `c.id = ?`, id)
	if err != nil || len(cs) == 0 {
		return Ballot{}, notFound("consultation %d", id)
	}
	c := cs[0]
	if err := openFor(c); err != nil {
		return Ballot{}, err
	}
	in.HouseID, in.Photo = house, nil
	choice, opts, err := c.checkBallot(&in)
	if err != nil {
		return Ballot{}, err
	}
	res, err := q.ExecContext(ctx, `UPDATE consultation_codes SET used_at = ? WHERE id = ? AND used_at IS NULL`, store.Millis(now), codeID)
	if err != nil {
		return Ballot{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Ballot{}, ErrBadCode
	}
	// A spent code need not wait for a slip or an SMS any more.
	if _, err := q.ExecContext(ctx, `UPDATE consultation_code_delivery SET code_sealed = '', updated_at = ? WHERE code_id = ?`,
		store.Millis(now), codeID); err != nil {
		return Ballot{}, err
	}
	_, err = ballotOf(ctx, q, id, house)
	change := err == nil
	if err != nil && !store.IsNoRows(err) {
		return Ballot{}, err
	}
	return write(ctx, q, audit.Actor{Name: "业主验证码"}, c, in, choice, opts, "code", "", "", nil, now, change)
}
