package notice

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/notify"
	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// Resident tells reporters how their orders go: an outbox sink (see
// internal/notify) that turns an order's acceptance, first reply and
// resolution into an SMS and, when the reporter gave an address, an
// e-mail — only when the reporter asked at intake. The notifier retries a
// failed send with backoff; what was sent is recorded per outbox event and
// channel, so a retry never sends it twice.
//
// The phone and address are unsealed (order.Service.Contact) only for the
// send and never logged: the log and the notice record hold them masked.
// A 保密 order's notices never name the matter. A number that replied T
// (OptOut) gets nothing more, and none gets more than DailyCap a day.
type Resident struct {
	cfg ResidentConfig
	log *slog.Logger
}

// ResidentConfig is what Resident needs; Orders, DB, Templates and
// BaseURL are required, and at least one of SMS and Mail.
type ResidentConfig struct {
	DB        *store.DB
	Orders    *order.Service
	SMS       SMS     // nil: no text messages
	Mail      *Mailer // nil: no e-mail
	Templates Templates
	// BaseURL is the public site the links point to (https://12345.example.cn).
	BaseURL string
	// DailyCap is how many notices one number gets a day; 0 means
	// DefaultDailyCap.
	DailyCap int
	// Matter names a category for the messages (its Chinese name).
	Matter func(ctx context.Context, code string) (string, error)
	Now    func() time.Time
	Logger *slog.Logger
}

// Mailer sends the e-mails through a plain SMTP relay.
type Mailer struct {
	Addr string // host:port
	From *mail.Address
}

// DefaultDailyCap bounds the notices one number gets in a day (China time).
const DefaultDailyCap = 5

// confidentialMatter stands for the matter of a 保密 order.
const confidentialMatter = "诉求"

// NewResident checks cfg — the templates above all: one missing a
// variable is refused here, not at the first send.
func NewResident(cfg ResidentConfig) (*Resident, error) {
	switch {
	case cfg.DB == nil || cfg.Orders == nil:
		return nil, errors.New("notice: no database or order service")
	case cfg.SMS == nil && cfg.Mail == nil:
		return nil, errors.New("notice: neither SMS nor e-mail configured")
	case cfg.Matter == nil:
		return nil, errors.New("notice: no category names")
	}
	var err error
	if cfg.BaseURL, cfg.DailyCap, cfg.Now, err = senderBasics(&cfg.Templates, cfg.BaseURL, cfg.DailyCap, cfg.Now); err != nil {
		return nil, err
	}
	r := &Resident{cfg: cfg, log: cfg.Logger}
	if r.log == nil {
		r.log = slog.Default()
	}
	return r, nil
}

func (*Resident) Name() string { return "resident" }

// eventOf says what an outbox event means to the reporter, if anything:
// acceptance (a resident's order accepted, or one filed by staff, which is
// accepted at once), a reply, or the resolution — made here or, on an
// order forwarded downstream, by the district.
func eventOf(e order.OutboxEvent) (Event, order.OutboxPayload, bool) {
	var p order.OutboxPayload
	if json.Unmarshal(e.Payload, &p) != nil {
		return "", p, false
	}
	switch e.Topic {
	case "order." + string(order.ActionAccept):
		return EventAccepted, p, true
	case "order." + string(order.ActionCreate):
		return EventAccepted, p, p.To != order.StatusNew
	case "order." + string(order.ActionReply):
		return EventReplied, p, true
	case "order." + string(order.ActionResolve):
		return EventResolved, p, true
	// An order this instance forwarded to a district (docs/exchange.md):
	// the district's reply and resolution arrive as downstream steps on
	// our copy, and the resident who asked here hears of them from here.
	case "order.downstream_" + order.DownstreamReplied:
		return EventReplied, p, true
	case "order.downstream_" + order.DownstreamResolved:
		return EventResolved, p, true
	case "order." + string(order.ActionCallbackMissed):
		return EventCallback, p, true
	}
	return "", p, false
}

// Deliver sends e's notices, each channel at most once.
func (r *Resident) Deliver(ctx context.Context, e order.OutboxEvent) error {
	ev, p, ok := eventOf(e)
	if !ok {
		return nil
	}
	if _, configured := r.cfg.Templates.Events[ev]; !configured {
		return nil // an optional event without its template
	}
	if ev == EventCallback {
		// Only the first unanswered call is told: the centre tries again
		// the same day, and a resident needs one "please pick up".
		if first, err := r.firstMissedCall(ctx, p); err != nil || !first {
			return err
		}
	}
	c, err := r.cfg.Orders.Contact(ctx, p.OrderID)
	if err != nil {
		return err
	}
	if !c.Notify {
		return nil
	}
	vars, err := r.vars(ctx, c)
	if err != nil {
		return err
	}
	var failed []error
	if r.cfg.SMS != nil && c.Phone != "" {
		if err := r.sendSMS(ctx, e, ev, c, vars); err != nil {
			failed = append(failed, err)
		}
	}
	if r.cfg.Mail != nil && c.Email != "" {
		if err := r.sendMail(ctx, e, ev, c, vars); err != nil {
			failed = append(failed, err)
		}
	}
	return errors.Join(failed...)
}

// firstMissedCall reports whether the missed callback p records was the
// order's first.
func (r *Resident) firstMissedCall(ctx context.Context, p order.OutboxPayload) (bool, error) {
	ev, err := r.cfg.Orders.EventOf(ctx, p.OrderID, p.Seq)
	if err != nil {
		return false, err
	}
	n, _ := ev.Data["attempts"].(float64)
	return n == 1, nil
}

func (r *Resident) vars(ctx context.Context, c order.Contact) (map[string]string, error) {
	matter := confidentialMatter
	if !c.Confidential {
		name, err := r.cfg.Matter(ctx, c.Category)
		if err != nil {
			return nil, err
		}
		matter = "“" + name + "”诉求"
	}
	return map[string]string{VarNumber: c.Number, VarMatter: matter,
		VarLink: r.cfg.BaseURL + "/track?number=" + url.QueryEscape(c.Number)}, nil
}

// logged reports whether e's notice on channel was settled already.
func (r *Resident) logged(ctx context.Context, id int64, channel string) (bool, error) {
	var n int
	err := r.cfg.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM notice_log WHERE outbox_id = ? AND channel = ?`, id, channel).Scan(&n)
	return n > 0, err
}

func (r *Resident) record(ctx context.Context, q store.Querier, e order.OutboxEvent, channel string, ev Event, c order.Contact,
	outcome, recipient, provider, ref string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO notice_log (outbox_id, channel, order_id, event, outcome, recipient, provider,
		reference, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (outbox_id, channel) DO NOTHING`,
		e.ID, channel, c.OrderID, string(ev), outcome, recipient, provider, ref, store.Millis(r.cfg.Now()))
	return err
}

// day is the cap's day: the date in China time.
func (r *Resident) day() string { return capDay(r.cfg.Now()) }

var chinaZone = zone.Shanghai()

func (r *Resident) sendSMS(ctx context.Context, e order.OutboxEvent, ev Event, c order.Contact, vars map[string]string) error {
	if done, err := r.logged(ctx, e.ID, "sms"); done || err != nil {
		return err
	}
	masked := pii.MaskPhone(c.Phone)
	if out, err := OptedOut(ctx, r.cfg.DB, c.PhoneBlinds); err != nil {
		return err
	} else if out {
		r.log.Info("notice held back: the number opted out", "order", c.Number, "to", masked, "event", ev)
		return r.record(ctx, r.cfg.DB, e, "sms", ev, c, "opted_out", masked, r.cfg.SMS.Name(), "")
	}
	key, day := c.PhoneBlinds[0], r.day()
	if capped, err := capReached(ctx, r.cfg.DB, key, day, r.cfg.DailyCap); err != nil {
		return err
	} else if capped {
		r.log.Warn("notice held back: daily cap reached", "order", c.Number, "to", masked, "cap", r.cfg.DailyCap, "event", ev)
		return r.record(ctx, r.cfg.DB, e, "sms", ev, c, "capped", masked, r.cfg.SMS.Name(), "")
	}
	tpl := r.cfg.Templates.Events[ev]
	ref, err := r.cfg.SMS.Send(ctx, SMSMessage{Phone: c.Phone, Sign: r.cfg.Templates.Sign, Event: ev, Template: tpl, Vars: vars,
		Text: r.cfg.Templates.Text(ev, vars), Ref: "outbox-" + strconv.FormatInt(e.ID, 10) + "-sms"})
	if err != nil {
		return fmt.Errorf("notice: SMS to %s: %s", masked, redact(err, c.Phone))
	}
	r.log.Info("notice sent", "channel", "sms", "order", c.Number, "to", masked, "event", ev, "provider", r.cfg.SMS.Name())
	// Counted after the send: under two notifiers at once a number may
	// get one notice over the cap, never one fewer than it asked for.
	return r.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := countSent(ctx, tx, key, day); err != nil {
			return err
		}
		return r.record(ctx, tx, e, "sms", ev, c, "sent", masked, r.cfg.SMS.Name(), ref)
	})
}

// mailSubjects head each event's e-mail.
var mailSubjects = map[Event]string{EventAccepted: "工单已受理", EventReplied: "工单有了答复", EventResolved: "工单已办结",
	EventCallback: "回访电话未能接通"}

func (r *Resident) sendMail(ctx context.Context, e order.OutboxEvent, ev Event, c order.Contact, vars map[string]string) error {
	if done, err := r.logged(ctx, e.ID, "email"); done || err != nil {
		return err
	}
	masked := pii.MaskEmail(c.Email)
	to, err := mail.ParseAddress(c.Email) // checked at intake
	if err != nil {
		return fmt.Errorf("notice: e-mail to %s: the stored address does not parse", masked)
	}
	subject := "【" + r.cfg.Templates.Sign + "】" + mailSubjects[ev] + " " + c.Number
	body := strings.TrimSuffix(r.cfg.Templates.Text(ev, vars), "回T退订") + "\n\n" +
		"此邮件由系统自动发送，请勿直接回复。如不想再收到办理进展通知，请致电 12345 说明。\n"
	msg := notify.ComposeMail(r.cfg.Mail.From, []*mail.Address{to}, subject, body,
		fmt.Sprintf("notice-%d@civicgrid", e.ID), r.cfg.Now().In(chinaZone))
	if err := notify.SendMail(ctx, r.cfg.Mail.Addr, r.cfg.Mail.From, []*mail.Address{to}, msg); err != nil {
		return fmt.Errorf("notice: e-mail to %s: %s", masked, redact(err, c.Email))
	}
	r.log.Info("notice sent", "channel", "email", "order", c.Number, "to", masked, "event", ev)
	return r.record(ctx, r.cfg.DB, e, "email", ev, c, "sent", masked, "smtp", "")
}

// redact keeps a contact out of an error a relay or provider wrote.
func redact(err error, contact string) string {
	msg := err.Error()
	if contact != "" {
		msg = strings.ReplaceAll(msg, contact, "***")
	}
	return msg
}
