package notice

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"civicgrid/internal/consultation"
	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// CodeSender sends owners their one-time 征询 codes (internal/consultation)
// by SMS: an outbox sink for the topic consultation.code. The code and the
// owner's phone are unsealed only for the send and never logged; a sent
// code is blanked in the store. A number that replied T gets none (the
// code turns to a printed slip), and every number keeps the daily cap it
// shares with order notices; a capped or failed code is printable at the
// desk while the notifier retries a failure with its backoff.
type CodeSender struct {
	cfg CodeSenderConfig
	log *slog.Logger
}

// CodeSenderConfig is what CodeSender needs; all but Logger, DailyCap
// and Now are required, and Templates must have a consultation_code
// template.
type CodeSenderConfig struct {
	DB        *store.DB
	Keys      *pii.Keyring
	SMS       SMS
	Templates Templates
	// BaseURL is the public site of the voting page.
	BaseURL string
	// DailyCap is how many messages one number gets a day; 0 means
	// DefaultDailyCap.
	DailyCap int
	Now      func() time.Time
	Logger   *slog.Logger
}

// NewCodeSender checks cfg: the template above all — one missing a
// variable is refused here, not at the first send.
func NewCodeSender(cfg CodeSenderConfig) (*CodeSender, error) {
	switch {
	case cfg.DB == nil || cfg.Keys == nil:
		return nil, errors.New("notice: codes need the database and its keys")
	case cfg.SMS == nil:
		return nil, errors.New("notice: codes need an SMS provider")
	case !cfg.Templates.Has(EventConsultationCode):
		return nil, fmt.Errorf("%w: %s: no template", ErrTemplate, EventConsultationCode)
	}
	var err error
	if cfg.BaseURL, cfg.DailyCap, cfg.Now, err = senderBasics(&cfg.Templates, cfg.BaseURL, cfg.DailyCap, cfg.Now); err != nil {
		return nil, err
	}
	s := &CodeSender{cfg: cfg, log: cfg.Logger}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s, nil
}

func (*CodeSender) Name() string { return "consultation_codes" }

// Deliver sends the code an outbox event names, if it still waits.
func (s *CodeSender) Deliver(ctx context.Context, e order.OutboxEvent) error {
	if e.Topic != consultation.CodeTopic {
		return nil
	}
	var p consultation.CodePayload
	if err := json.Unmarshal(e.Payload, &p); err != nil || p.CodeID == 0 {
		return nil // not ours to read; nothing to retry
	}
	now := s.cfg.Now()
	m, ok, err := consultation.CodeToSend(ctx, s.cfg.DB, s.cfg.Keys, p.CodeID, now)
	if err != nil || !ok {
		return err
	}
	masked, provider := pii.MaskPhone(m.Phone), s.cfg.SMS.Name()
	outcome := func(state, note, ref string) consultation.CodeOutcome {
		return consultation.CodeOutcome{State: state, Recipient: masked, Provider: provider, Reference: ref, Note: note}
	}
	blinds := s.cfg.Keys.BlindAll(pii.NormalizePhone(m.Phone))
	if out, err := OptedOut(ctx, s.cfg.DB, blinds); err != nil {
		return err
	} else if out {
		s.log.Info("code held back: the number opted out; print it", "consultation", m.ConsultationID, "code_id", m.CodeID, "to", masked)
		return consultation.MarkCode(ctx, s.cfg.DB, m.CodeID, outcome(consultation.DeliveryOptedOut, "", ""), now)
	}
	key, day := blinds[0], capDay(now)
	if capped, err := capReached(ctx, s.cfg.DB, key, day, s.cfg.DailyCap); err != nil {
		return err
	} else if capped {
		s.log.Warn("code held back: daily cap reached; print it", "consultation", m.ConsultationID, "code_id", m.CodeID, "to", masked, "cap", s.cfg.DailyCap)
		return consultation.MarkCode(ctx, s.cfg.DB, m.CodeID, outcome(consultation.DeliveryFailed, "daily cap — 当日短信已达上限", ""), now)
	}
	vars := map[string]string{VarEstate: m.Estate, VarStage: m.Stage, VarCode: m.Code,
		VarClose: m.ExpiresAt.In(chinaZone).Format("1月2日15:04"),
		VarLink:  s.cfg.BaseURL + consultation.VotePath(m.ConsultationID)}
	ref, err := s.cfg.SMS.Send(ctx, SMSMessage{Phone: m.Phone, Sign: s.cfg.Templates.Sign, Event: EventConsultationCode,
		Template: s.cfg.Templates.Events[EventConsultationCode], Vars: vars, Text: s.cfg.Templates.Text(EventConsultationCode, vars),
		Ref: "outbox-" + strconv.FormatInt(e.ID, 10) + "-code"})
	if err != nil {
		why := redact(errors.New(redact(err, m.Phone)), m.Code)
		if merr := consultation.MarkCode(ctx, s.cfg.DB, m.CodeID, outcome(consultation.DeliveryFailed, clipNote(why), ""), now); merr != nil {
			return merr
		}
		return fmt.Errorf("notice: code SMS to %s: %s", masked, why)
	}
	s.log.Info("code sent", "consultation", m.ConsultationID, "code_id", m.CodeID, "to", masked, "provider", provider)
	return s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := countSent(ctx, tx, key, day); err != nil {
			return err
		}
		return consultation.MarkCode(ctx, tx, m.CodeID, outcome(consultation.DeliverySent, "", ref), now)
	})
}

// clipNote keeps a provider's error short enough for the desk.
func clipNote(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200])
	}
	return s
}
