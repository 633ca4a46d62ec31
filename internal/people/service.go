package people

import (
	"time"

	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// Service keeps the people register on a store, sealing with keys.
type Service struct {
	db   *store.DB
	keys *pii.Keyring
	now  func() time.Time
}

// New makes the service; now may be nil (the wall clock).
func New(db *store.DB, keys *pii.Keyring, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, keys: keys, now: now}
}

var shanghai = zone.Shanghai()

// maskName masks a name for the screen (张三 → 张*).
func maskName(s string) string { return pii.MaskName(s) }
