package consultation

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// Slip is a printed notice for a house whose code no SMS carries: no
// owner with a phone, the owner opted out, or the send failed.
type Slip struct {
	HouseID   int64
	Address   string
	Code      string
	ExpiresAt time.Time
	Delivery  string
}

// Slips opens the live codes that wait for print, in desk order, for the
// staff who run the consultation. Each opening is audited: the codes are
// shown to the one who prints them.
func Slips(ctx context.Context, q store.Querier, ed grid.Editor, dl Delivery, id int64, now time.Time) ([]Slip, error) {
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
	if dl.Keys == nil {
		return nil, errors.New("consultation: slips need the keys that seal the codes")
	}
	rows, err := q.QueryContext(ctx, `SELECT d.house_id, a.text, d.code_sealed, cc.expires_at, d.state
		FROM consultation_code_delivery d JOIN consultation_codes cc ON cc.id = d.code_id
		JOIN houses h ON h.id = d.house_id JOIN addresses a ON a.id = h.address_id
		WHERE d.consultation_id = ? AND d.state IN (?, ?, ?) AND d.code_sealed <> '' AND cc.used_at IS NULL AND cc.expires_at > ?
		ORDER BY a.text, d.house_id`, id, printable[0], printable[1], printable[2], store.Millis(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Slip
	for rows.Next() {
		var s Slip
		var sealed string
		var exp int64
		if err := rows.Scan(&s.HouseID, &s.Address, &sealed, &exp, &s.Delivery); err != nil {
			return nil, err
		}
		if s.Code, err = dl.Keys.Open(sealed); err != nil {
			return nil, err
		}
		s.ExpiresAt = store.Time(exp)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	houses := make([]string, len(out))
	for i, s := range out {
		houses[i] = fmt.Sprint(s.HouseID)
	}
	return out, ed.Actor.Record(ctx, q, now, "consultation.slips", fmt.Sprintf("consultation:%d", id),
		fmt.Sprintf("%d codes printed: houses %s", len(out), strings.Join(houses, ",")))
}
