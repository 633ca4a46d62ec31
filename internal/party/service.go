package party

import (
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Config is what the service needs. Orders may be nil when matters of a
// reception day need not become orders (FileMatter then refuses).
type Config struct {
	DB     *store.DB
	Keys   *pii.Keyring
	Orders *order.Service
	Now    func() time.Time
}

// Service keeps 党建.
type Service struct{ cfg Config }

// New makes the service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Keys == nil {
		return nil, errors.New("party: DB and Keys are required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}, nil
}

func (s *Service) now() time.Time { return s.cfg.Now() }

func target(kind string, id int64) string { return fmt.Sprintf("party_%s:%d", kind, id) }
