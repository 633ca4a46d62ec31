package consultation

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// Codes: an owner votes with a one-time code for their house.

// CodeTTL is how long an owner's code is valid when the caller gives none.
const CodeTTL = 14 * 24 * time.Hour

// IssuedCode is a code for one house, shown once: only its hash is kept.
type IssuedCode struct {
	HouseID   int64
	Code      string
	ExpiresAt time.Time
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
// draft consultation (every eligible house when none is named). The
// codes are returned once, for the notice to the owners; the store keeps
// their SHA-256.
func IssueCodes(ctx context.Context, q store.Querier, ed grid.Editor, id int64, houses []int64, ttl time.Duration, now time.Time) ([]IssuedCode, error) {
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
	var out []IssuedCode
	for _, h := range houses {
		if err := eligible(ctx, q, id, h); err != nil {
			return nil, err
		}
		code, err := newCode()
		if err != nil {
			return nil, err
		}
		exp := now.Add(ttl)
		if _, err := q.ExecContext(ctx, `INSERT INTO consultation_codes (consultation_id, house_id, code_sha256, expires_at, created_at) VALUES (?, ?, ?, ?, ?)`,
			id, h, hashCode(code), store.Millis(exp), store.Millis(now)); err != nil {
			return nil, err
		}
		out = append(out, IssuedCode{HouseID: h, Code: code, ExpiresAt: exp})
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
	_, err = ballotOf(ctx, q, id, house)
	change := err == nil
	if err != nil && !store.IsNoRows(err) {
		return Ballot{}, err
	}
	return write(ctx, q, audit.Actor{Name: "业主验证码"}, c, in, choice, opts, "code", "", "", nil, now, change)
}
