package supervision

import (
	"errors"
	"slices"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// DefaultMinReturns is how many returns (退单) make an order "returned too
// often" when Config.MinReturns is 0.
const DefaultMinReturns = order.DefaultMinReturns

// Config is what a Service needs; DB and Orders are required.
type Config struct {
	DB     *store.DB
	Orders *order.Service
	// MinReturns: an order returned at least this many times is a
	// candidate; 0 means DefaultMinReturns.
	MinReturns int
	// Now is the time source; nil means time.Now. Tests set it.
	Now func() time.Time
}

// Service runs supervision cases.
type Service struct {
	db         *store.DB
	orders     *order.Service
	minReturns int
	now        func() time.Time
}

// New checks cfg and makes a Service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil {
		return nil, errors.New("supervision: no database")
	}
	if cfg.Orders == nil {
		return nil, errors.New("supervision: no order service")
	}
	s := &Service{db: cfg.DB, orders: cfg.Orders, minReturns: cfg.MinReturns, now: cfg.Now}
	if s.minReturns <= 0 {
		s.minReturns = DefaultMinReturns
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// clockNow is now at millisecond precision, as stored.
func (s *Service) clockNow() time.Time { return store.Time(store.Millis(s.now())) }

// overseers may read candidates and every case in their scope; only
// supervisors open and close cases.
var overseers = []string{auth.RoleSupervisor, auth.RoleLeader}

func isOverseer(a order.Actor) bool { return slices.Contains(overseers, a.Role) }
