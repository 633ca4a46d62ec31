// Package communitylife assembles the services of community life (人民调解,
// 微心愿, 居务公开, 四进社区 service points …) so the HTTP layers and the
// server take them as one value. Each part keeps its own package, rules and
// SQL; this package only builds them.
package communitylife

import (
	"time"

	"civicgrid/internal/deliberation"
	"civicgrid/internal/disclosure"

	"civicgrid/internal/mediation"
	"civicgrid/internal/order"
	"civicgrid/internal/party"
	"civicgrid/internal/pii"
	"civicgrid/internal/property"
	"civicgrid/internal/servicepoint"
	"civicgrid/internal/store"
	"civicgrid/internal/volunteer"
	"civicgrid/internal/wish"
)

// Services are the community-life services; a nil field is a part not
// served.
type Services struct {
	Mediation *mediation.Service
	Wishes    *wish.Service
	Notices   *disclosure.Service
	Points    *servicepoint.Service
	Property  *property.Service
	// Deliberation is 议事协商.
	Deliberation *deliberation.Service
	Party        *party.Service
	Volunteers   *volunteer.Service
}

// Config is what the parts need.
type Config struct {
	DB     *store.DB
	Keys   *pii.Keyring
	Orders *order.Service
	Now    func() time.Time
}

// New builds every part.
func New(cfg Config) (*Services, error) {
	med, err := mediation.New(mediation.Config{DB: cfg.DB, Keys: cfg.Keys, Orders: cfg.Orders, Now: cfg.Now})
	if err != nil {
		return nil, err
	}
	pty, err := party.New(party.Config{DB: cfg.DB, Keys: cfg.Keys, Orders: cfg.Orders, Now: cfg.Now})
	if err != nil {
		return nil, err
	}
	wishes, err := wish.New(wish.Config{DB: cfg.DB, Keys: cfg.Keys, Now: cfg.Now, Members: pty})
	if err != nil {
		return nil, err
	}
	notices, err := disclosure.New(disclosure.Config{DB: cfg.DB, Now: cfg.Now})
	if err != nil {
		return nil, err
	}
	points, err := servicepoint.New(servicepoint.Config{DB: cfg.DB, Now: cfg.Now})
	if err != nil {
		return nil, err
	}
	prop, err := property.New(property.Config{DB: cfg.DB, Keys: cfg.Keys, Orders: cfg.Orders, Now: cfg.Now})
	if err != nil {
		return nil, err
	}
	delib, err := deliberation.New(deliberation.Config{DB: cfg.DB, Keys: cfg.Keys, Orders: cfg.Orders, Now: cfg.Now})
	if err != nil {
		return nil, err
	}
	vols, err := volunteer.New(volunteer.Config{DB: cfg.DB, Keys: cfg.Keys, Orders: cfg.Orders, Now: cfg.Now})
	if err != nil {
		return nil, err
	}
	return &Services{Mediation: med, Wishes: wishes, Notices: notices, Points: points, Property: prop, Deliberation: delib,
		Party: pty, Volunteers: vols}, nil
}
