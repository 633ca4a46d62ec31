package exchange

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Config is what a Service needs.
type Config struct {
	DB     *store.DB
	Orders *order.Service
	// Keys seal the links' secrets and keys at rest.
	Keys *pii.Keyring
	// Client sends messages to peers; nil is a client with a 10-second
	// timeout.
	Client *http.Client
	// Now is the clock for signatures, nonces and records; nil is time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

// Service runs the exchange of one instance.
type Service struct {
	db     *store.DB
	orders *order.Service
	keys   *pii.Keyring
	client *http.Client
	now    func() time.Time
	log    *slog.Logger
}

// New checks cfg and makes a Service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Orders == nil || cfg.Keys == nil {
		return nil, errors.New("exchange: DB, Orders and Keys are required")
	}
	s := &Service{db: cfg.DB, orders: cfg.Orders, keys: cfg.Keys, client: cfg.Client, now: cfg.Now, log: cfg.Logger}
	if s.client == nil {
		s.client = &http.Client{Timeout: 10 * time.Second}
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s, nil
}

func (s *Service) clock() time.Time { return store.Time(store.Millis(s.now())) }
