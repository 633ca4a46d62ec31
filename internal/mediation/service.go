package mediation

import (
	"errors"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Term is how long a mediation may take: 人民调解委员会调解纠纷一般在一个月内
// 调结 (《人民调解工作若干规定》); an escalation gives the street a fresh term.
const Term = 30 * 24 * time.Hour

// Config is what the service needs. Orders may be nil when no order links
// are wanted (OpenFromOrder then refuses).
type Config struct {
	DB     *store.DB
	Keys   *pii.Keyring
	Orders *order.Service
	Now    func() time.Time
}

// Service keeps mediation cases.
type Service struct{ cfg Config }

// New makes the service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Keys == nil {
		return nil, errors.New("mediation: DB and Keys are required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}, nil
}

func (s *Service) now() time.Time { return s.cfg.Now() }
