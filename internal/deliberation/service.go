package deliberation

import (
	"errors"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Config is what the service needs. Orders may be nil when no order links
// are wanted (TopicFromOrder then refuses).
type Config struct {
	DB     *store.DB
	Keys   *pii.Keyring
	Orders *order.Service
	Now    func() time.Time
}

// Service keeps the topics, meetings and tasks of 议事协商.
type Service struct{ cfg Config }

// New makes the service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Keys == nil {
		return nil, errors.New("deliberation: DB and Keys are required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}, nil
}

func (s *Service) now() time.Time { return s.cfg.Now() }
