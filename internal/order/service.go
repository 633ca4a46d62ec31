package order

import (
	"context"
	"errors"
	"path/filepath"
	"time"

	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// Locator finds the grid a point lies in; the real one is *grid.Locator.
type Locator interface {
	Locate(lng, lat float64) (gridCode string, ok bool)
}

// Addresses turns a typed address into the grid of the standard address
// it names; the real one is *address.Service. An error of kind Invalid
// means nothing matched well enough (it carries the closest candidates).
type Addresses interface {
	ResolveGrid(ctx context.Context, text string) (gridCode string, err error)
}

// Clock computes deadlines on the working-day calendar; the real one is
// *calendar.Calendar. AddWorkingDays(from, n) ends at 24:00 of the n-th
// working day after the day of from; AddDuration adds clock time.
type Clock interface {
	AddWorkingDays(from time.Time, n int) time.Time
	AddDuration(from time.Time, d time.Duration) time.Time
}

// Defaults for Config.
const (
	DefaultMaxPhotoBytes = 10 << 20 // 10 MiB per photo
	DefaultMaxPhotos     = 9
	DefaultMaxReturns    = 3
)

// China Standard Time, the zone of every deadline.
var chinaZone = zone.Shanghai()

// Config is what a Service needs. DB, Locator, Clock, Keys and DataDir are
// required.
type Config struct {
	DB      *store.DB
	Locator Locator
	Clock   Clock
	Keys    *pii.Keyring
	// DataDir holds uploads/ (photos by content hash).
	DataDir string
	// MaxPhotoBytes bounds each photo; 0 means DefaultMaxPhotoBytes.
	MaxPhotoBytes int64
	// MaxPhotos bounds the photos of one step; 0 means DefaultMaxPhotos.
	MaxPhotos int
	// MaxReturns is how many times an order may be returned (退单) before
	// the centre's dispatch is final; 0 means DefaultMaxReturns.
	MaxReturns int
	// Zone dates the order numbers; nil means Asia/Shanghai (UTC+8).
	Zone *time.Location
	// Now is the time source; nil means time.Now. Tests set it.
	Now func() time.Time
	// Policy tunes summons, duplicates and extensions (see Policy).
	Policy Policy
	// TrackLock guards the public lookup per order (see TrackLock).
	TrackLock TrackLock
	// Addresses, when set, places an order given only an address in the
	// grid of the standard address it names.
	Addresses Addresses
	// Facilities, when set, places an order naming a facility (部件) at it.
	Facilities Facilities
}

// Service runs intake and the lifecycle. It is safe for concurrent use,
// also from several app nodes on one PostgreSQL.
type Service struct {
	auto       AutoCategorizer // automatic routing of orders filed without a category; nil: none
	db         *store.DB
	locator    Locator
	clock      Clock
	keys       *pii.Keyring
	facilities Facilities
	uploads    string
	maxPhoto   int64
	maxPhotos  int
	maxReturns int
	zone       *time.Location
	now        func() time.Time
	policy     Policy
	trackLock  TrackLock
	addresses  Addresses
}

// New checks cfg and makes a Service.
func New(cfg Config) (*Service, error) {
	switch {
	case cfg.DB == nil:
		return nil, errors.New("order: no database")
	case cfg.Locator == nil:
		return nil, errors.New("order: no grid locator")
	case cfg.Clock == nil:
		return nil, errors.New("order: no calendar")
	case cfg.Keys == nil:
		return nil, errors.New("order: no PII keyring")
	case cfg.DataDir == "":
		return nil, errors.New("order: no data directory")
	}
	s := &Service{
		db: cfg.DB, locator: cfg.Locator, clock: cfg.Clock, keys: cfg.Keys,
		uploads: filepath.Join(cfg.DataDir, "uploads"), maxPhoto: cfg.MaxPhotoBytes, maxPhotos: cfg.MaxPhotos,
		maxReturns: cfg.MaxReturns, zone: cfg.Zone, now: cfg.Now, policy: cfg.Policy.withDefaults(),
		trackLock:  cfg.TrackLock.withDefaults(),
		addresses:  cfg.Addresses,
		facilities: cfg.Facilities,
	}
	if s.maxPhoto <= 0 {
		s.maxPhoto = DefaultMaxPhotoBytes
	}
	if s.maxPhotos <= 0 {
		s.maxPhotos = DefaultMaxPhotos
	}
	if s.maxReturns <= 0 {
		s.maxReturns = DefaultMaxReturns
	}
	if s.zone == nil {
		s.zone = chinaZone
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// clockNow is the current time at millisecond precision, as stored, so
// that what an action returns equals what a later read returns.
func (s *Service) clockNow() time.Time { return store.Time(store.Millis(s.now())) }
