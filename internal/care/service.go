package care

import (
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Service keeps care groups, members and visits on a store. Orders files
// the order a visit asks for (the grid worker's patrol intake); nil means
// visits cannot file orders.
type Service struct {
	DB     *store.DB
	Keys   *pii.Keyring
	Orders *order.Service
	Now    func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

const day = 24 * time.Hour
