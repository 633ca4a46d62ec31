package testsupport

import (
	"context"
	"io"

	"civicgrid/internal/demo"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// Creds maps a demo username to its password.
type Creds map[string]string

// BuildDemo fills db with the demo district (明山区: 697 grids, 4,395
// buildings, the demo users, no order history) and returns the users'
// passwords.
func BuildDemo(ctx context.Context, db *store.DB) (Creds, error) {
	list, err := demo.Build(ctx, db, demo.Options{}, io.Discard)
	if err != nil {
		return nil, err
	}
	creds := Creds{}
	for _, c := range list {
		creds[c.Username] = c.Password
	}
	return creds, nil
}

// Demo is the demo district as a fixture: built once per test binary and
// store kind, copied for each test.
var Demo = storetest.NewFixture(BuildDemo)
