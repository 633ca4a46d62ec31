package gridtask

import (
	"errors"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// Defaults of a hot spot: three orders of one category from one grid
// within seven days.
const (
	DefaultWindow = 7 * 24 * time.Hour
	DefaultMin    = 3
)

// Config is what a Service needs; DB and Orders are required.
type Config struct {
	DB     *store.DB
	Orders *order.Service
	Window time.Duration // 0 means DefaultWindow
	Min    int           // 0 means DefaultMin
	Now    func() time.Time
}

// Service raises and closes grid tasks.
type Service struct {
	db     *store.DB
	orders *order.Service
	window time.Duration
	min    int
	now    func() time.Time
}

// New checks cfg and makes a Service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Orders == nil {
		return nil, errors.New("gridtask: DB and Orders are required")
	}
	s := &Service{db: cfg.DB, orders: cfg.Orders, window: cfg.Window, min: cfg.Min, now: cfg.Now}
	if s.window <= 0 {
		s.window = DefaultWindow
	}
	if s.min <= 0 {
		s.min = DefaultMin
	}
	if s.min < 2 {
		return nil, errors.New("gridtask: Min must be at least 2")
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}
