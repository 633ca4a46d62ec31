package category

import (
	"context"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// Actor is who reads or keeps the catalogue, as far as its rules care:
// the user's role and scope. The zero Actor is a resident.
type Actor struct {
	Role  string
	Scope auth.Scope
}

// ActorOf is the Actor of a signed-in user with scope s.
func ActorOf(u auth.User, s auth.Scope) Actor { return Actor{Role: u.Role, Scope: s} }

// editorMaxPrefix is the longest scope prefix that may edit the catalogue:
// a district (6 digits) or wider. The catalogue is one for the whole
// deployment, so a street's admin must not change it for everyone.
const editorMaxPrefix = 6

// MayEdit reports whether a may create and change entries.
func (a Actor) MayEdit() bool {
	return auth.CanAdminister(a.Role) && len(a.Scope.RegionPrefix()) <= editorMaxPrefix
}

// MaySeeRetired reports whether a may list entries no longer in use: an
// admin's concern (what to bring back), noise for everyone else.
func (a Actor) MaySeeRetired() bool { return auth.CanAdminister(a.Role) }

// ListFor is List as a sees the catalogue: entries in use, and the
// retired ones too when asked for (withRetired) by an actor who may see
// them; anyone else asking gets the entries in use.
func ListFor(ctx context.Context, q store.Querier, a Actor, withRetired bool) ([]Category, error) {
	return List(ctx, q, withRetired && a.MaySeeRetired())
}
