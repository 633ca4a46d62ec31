package bulletin

import (
	"context"
	"errors"
	"net/mail"
	"time"

	"civicgrid/internal/notify"
	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// Config configures a Service.
type Config struct {
	DB      *store.DB
	Reports *report.Reporter
	Keys    *pii.Keyring // seals recipients' addresses
	// Orders reads the period's orders for its hot topics; nil leaves
	// them out.
	Orders *order.Service
	// Mailer sends the bulletins; nil means none is configured and
	// SendDue sends nothing.
	Mailer Mailer
	// BaseURL is where the bulletin page lives, for the link in the mail
	// (e.g. https://12345.example.gov.cn); "" leaves the link out.
	BaseURL string
	Zone    *time.Location // nil means UTC+8
	Now     func() time.Time
}

// Service keeps the recipient lists and sends bulletins when due.
type Service struct {
	db      *store.DB
	reports *report.Reporter
	keys    *pii.Keyring
	orders  *order.Service
	mailer  Mailer
	baseURL string
	zone    *time.Location
	now     func() time.Time
}

// New returns a Service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Reports == nil || cfg.Keys == nil {
		return nil, errors.New("bulletin: DB, Reports and Keys are required")
	}
	s := &Service{db: cfg.DB, reports: cfg.Reports, keys: cfg.Keys, orders: cfg.Orders, mailer: cfg.Mailer, baseURL: cfg.BaseURL,
		zone: cfg.Zone, now: cfg.Now}
	if s.zone == nil {
		s.zone = zone.Shanghai()
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// Mailer hands a composed message to the mail relay.
type Mailer interface {
	From() *mail.Address
	Send(ctx context.Context, to []*mail.Address, msg []byte) error
}

// SMTP is a Mailer through a plain SMTP relay (as internal/notify's).
type SMTP struct {
	Addr   string // host:port
	Sender *mail.Address
}

func (m SMTP) From() *mail.Address { return m.Sender }

func (m SMTP) Send(ctx context.Context, to []*mail.Address, msg []byte) error {
	return notify.SendMail(ctx, m.Addr, m.Sender, to, msg)
}
