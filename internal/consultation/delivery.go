package consultation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/people"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// How a code reaches its house: by SMS to an owner with a mobile phone in
// the people register, sent by internal/notice through the outbox, or on a
// printed slip (Slips). The plain code waits sealed in
// consultation_code_delivery only until it is sent, used or replaced, or
// the consultation closes.

// CodeTopic is the outbox topic of a code waiting for its SMS.
const CodeTopic = "consultation.code"

// CodePayload is that event's JSON: ids only, never the code or a phone.
type CodePayload struct {
	CodeID         int64 `json:"code_id"`
	ConsultationID int64 `json:"consultation_id"`
}

// Delivery states of a code.
const (
	DeliveryPending  = "pending"   // waiting for its SMS
	DeliverySent     = "sent"      // the provider took it
	DeliveryFailed   = "failed"    // the last send failed (retried; printable meanwhile)
	DeliveryNoPhone  = "no_phone"  // no owner with a phone, or no SMS sender: print it
	DeliveryOptedOut = "opted_out" // the owner's number replied T: print it
	DeliveryReplaced = "replaced"  // a newer code for the house took its place
)

// printable are the states whose code goes on a slip.
var printable = []string{DeliveryNoPhone, DeliveryOptedOut, DeliveryFailed}

// Delivery is how this deployment delivers codes.
type Delivery struct {
	// Keys seal the codes that wait for their SMS or slip; nil keeps no
	// code (the issuing answer is then the only copy).
	Keys *pii.Keyring
	// SMS: an SMS sender for codes runs (notice.CodeSender). Without one
	// every code is for print.
	SMS bool
}

// VotePath is the owners' voting page of a consultation.
func VotePath(id int64) string { return fmt.Sprintf("/public/consultations/%d/vote", id) }

// retire makes the live codes of the houses unusable (their expiry moves
// to now) and blanks what waited of them: one live code per house.
func retire(ctx context.Context, q store.Querier, id int64, houses []int64, now time.Time) error {
	ms := store.Millis(now)
	for len(houses) > 0 {
		n := min(len(houses), 500)
		args := []any{ms, id}
		for _, h := range houses[:n] {
			args = append(args, h)
		}
		houses = houses[n:]
		in := `(?` + strings.Repeat(", ?", n-1) + `)`
		if _, err := q.ExecContext(ctx, `UPDATE consultation_codes SET expires_at = ? WHERE consultation_id = ? AND house_id IN `+in+`
			AND used_at IS NULL AND expires_at > ?`, append(args, ms)...); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `UPDATE consultation_code_delivery SET updated_at = ?, code_sealed = '',
			state = CASE WHEN state = 'sent' THEN state ELSE 'replaced' END
			WHERE consultation_id = ? AND house_id IN `+in+` AND state <> 'replaced'`, args...); err != nil {
			return err
		}
	}
	return nil
}

// enqueue writes the outbox event that sends a waiting code.
func enqueue(ctx context.Context, q store.Querier, id, codeID int64, now time.Time) error {
	b, err := json.Marshal(CodePayload{CodeID: codeID, ConsultationID: id})
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO outbox (at, topic, payload) VALUES (?, ?, ?)`, store.Millis(now), CodeTopic, string(b))
	return err
}

// release queues again the codes issued before the consultation opened:
// the sender holds a draft's codes back (the voting page would refuse
// them), so they go out when it opens.
func release(ctx context.Context, q store.Querier, id int64, now time.Time) error {
	rows, err := q.QueryContext(ctx, `SELECT code_id FROM consultation_code_delivery WHERE consultation_id = ? AND state = 'pending' ORDER BY code_id`, id)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var c int64
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range ids {
		if err := enqueue(ctx, q, id, c, now); err != nil {
			return err
		}
	}
	return nil
}

// route records how a fresh code goes out: queued for its SMS when an
// owner has a phone and a sender runs, otherwise kept for a slip. It
// reports the state.
func route(ctx context.Context, q store.Querier, dl Delivery, id, house, codeID, person int64, code string, now time.Time) (string, error) {
	state := DeliveryNoPhone
	if dl.SMS && person != 0 {
		state = DeliveryPending
		if dl.Keys == nil {
			return "", errors.New("consultation: codes sent by SMS need the keys that seal them")
		}
	}
	sealed := ""
	if dl.Keys != nil {
		var err error
		if sealed, err = dl.Keys.Seal(code); err != nil {
			return "", err
		}
	}
	var pid any
	if state == DeliveryPending {
		pid = person
	}
	ms := store.Millis(now)
	if _, err := q.ExecContext(ctx, `INSERT INTO consultation_code_delivery (code_id, consultation_id, house_id, person_id, state, code_sealed, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, codeID, id, house, pid, state, sealed, ms); err != nil {
		return "", err
	}
	if state == DeliveryPending {
		if err := enqueue(ctx, q, id, codeID, now); err != nil {
			return "", err
		}
	}
	return state, nil
}

// CodeMessage is a code due for its SMS: what it says and to whom.
type CodeMessage struct {
	CodeID         int64
	ConsultationID int64
	Estate         string // the 小区
	Stage          string // 改不改, 改什么 or 怎么改
	Code           string
	Phone          string // unsealed for the send only: never log it
	ExpiresAt      time.Time
}

// CodeToSend opens a code waiting for its SMS. ok is false when nothing
// is to be sent now: sent, replaced, used, expired, the consultation not
// open — or the owner's phone is gone, when the code turns to print.
func CodeToSend(ctx context.Context, q store.Querier, keys *pii.Keyring, codeID int64, now time.Time) (m CodeMessage, ok bool, err error) {
	var sealed string
	var person, expires int64
	err = q.QueryRowContext(ctx, `SELECT d.consultation_id, COALESCE(d.person_id, 0), d.code_sealed, cc.expires_at
		FROM consultation_code_delivery d JOIN consultation_codes cc ON cc.id = d.code_id
		WHERE d.code_id = ? AND d.state IN ('pending', 'failed') AND d.code_sealed <> '' AND cc.used_at IS NULL`, codeID).
		Scan(&m.ConsultationID, &person, &sealed, &expires)
	if store.IsNoRows(err) || (err == nil && expires <= store.Millis(now)) {
		return CodeMessage{}, false, nil
	}
	if err != nil {
		return CodeMessage{}, false, err
	}
	// A closed consultation's codes are void; a draft's wait for the
	// opening, which queues them again (release).
	cs, err := load(ctx, q, `c.id = ?`, m.ConsultationID)
	if err != nil || len(cs) == 0 || cs[0].Status != StatusOpen {
		return CodeMessage{}, false, err
	}
	if m.Phone, err = people.PhoneOf(ctx, q, keys, person); err != nil {
		return CodeMessage{}, false, err
	}
	if m.Phone == "" {
		return CodeMessage{}, false, MarkCode(ctx, q, codeID, CodeOutcome{State: DeliveryNoPhone}, now)
	}
	if m.Code, err = keys.Open(sealed); err != nil {
		return CodeMessage{}, false, err
	}
	m.CodeID, m.Estate, m.Stage, m.ExpiresAt = codeID, cs[0].EstateName, cs[0].StageName(), store.Time(expires)
	return m, true, nil
}

// CodeOutcome is what became of a send.
type CodeOutcome struct {
	State     string // sent, failed, opted_out or no_phone
	Recipient string // masked
	Provider  string
	Reference string
	Note      string // why it failed, without the number
}

// MarkCode records a send's outcome on a code still waiting. A sent code
// is blanked: from then on only its hash is kept.
func MarkCode(ctx context.Context, q store.Querier, codeID int64, o CodeOutcome, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE consultation_code_delivery SET state = ?, recipient = ?, provider = ?, reference = ?, note = ?,
		attempts = attempts + ?, updated_at = ?, code_sealed = CASE WHEN ? = 'sent' THEN '' ELSE code_sealed END
		WHERE code_id = ? AND state IN ('pending', 'failed')`,
		o.State, o.Recipient, o.Provider, o.Reference, o.Note, attempted(o.State), store.Millis(now), o.State, codeID)
	return err
}

func attempted(state string) int {
	if state == DeliverySent || state == DeliveryFailed {
		return 1
	}
	return 0
}

// forget blanks what waits of a consultation's codes (it closed: no code
// works any more).
func forget(ctx context.Context, q store.Querier, id int64, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE consultation_code_delivery SET code_sealed = '', updated_at = ? WHERE consultation_id = ? AND code_sealed <> ''`,
		store.Millis(now), id)
	return err
}
