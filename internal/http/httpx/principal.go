package httpx

import (
	"context"
	"net/http"

	"civicgrid/internal/auth"
)

// Principal is the signed-in user of a request with the scope every
// query of that request is limited to.
type Principal struct {
	User  auth.User
	Scope auth.Scope
	// Session is set for cookie sign-ins; nil for API tokens.
	Session *auth.Session
}

type principalKey struct{}

func withPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the request's signed-in user, or nil.
func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// RequireUser wraps h so it runs only for a signed-in user; others get 401.
func RequireUser(h func(w http.ResponseWriter, r *http.Request, p *Principal)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := PrincipalFrom(r.Context())
		if p == nil {
			WriteError(w, http.StatusUnauthorized, "unauthenticated", "sign in first (POST /api/v1/session) or send Authorization: Bearer <token>")
			return
		}
		h(w, r, p)
	}
}

// RequireRole is RequireUser for the listed roles only; others get 403.
func RequireRole(roles []string, h func(w http.ResponseWriter, r *http.Request, p *Principal)) http.HandlerFunc {
	return RequireUser(func(w http.ResponseWriter, r *http.Request, p *Principal) {
		for _, role := range roles {
			if p.User.Role == role {
				h(w, r, p)
				return
			}
		}
		WriteError(w, http.StatusForbidden, "forbidden", "your role ("+p.User.Role+") may not do this")
	})
}
