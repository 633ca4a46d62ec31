package api

import (
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/http/httpx"
)

type tokenJSON struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  *time.Time `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	Valid      bool       `json:"valid"`
}

func toTokensJSON(list []auth.Token, now time.Time) []tokenJSON {
	out := make([]tokenJSON, 0, len(list))
	for _, t := range list {
		out = append(out, tokenJSON{ID: t.ID, Name: t.Name, CreatedAt: cst(t.CreatedAt), LastUsedAt: cst(t.LastUsedAt),
			ExpiresAt: cst(t.ExpiresAt), RevokedAt: cst(t.RevokedAt), Valid: t.Valid(now)})
	}
	return out
}

// myTokens is GET /api/v1/tokens: the caller's own tokens.
func (a *API) myTokens(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	list, err := auth.ListTokens(r.Context(), a.DB, p.User.ID)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"tokens": toTokensJSON(list, a.now())})
}

// userTokens is GET /api/v1/users/{id}/tokens: for the user themself or
// an admin whose scope covers them; anyone else gets 404.
func (a *API) userTokens(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u, ok := a.scopedUser(w, r, p)
	if !ok {
		return
	}
	if !auth.MayManageTokens(p.User, p.Scope, u) {
		notFound(w, "user")
		return
	}
	list, err := auth.ListTokens(r.Context(), a.DB, u.ID)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"user": u.Username, "tokens": toTokensJSON(list, a.now())})
}

// revokeToken is DELETE /api/v1/tokens/{id}: the caller's own token, or as
// an admin one of a user in scope; 204 also when it was revoked already.
func (a *API) revokeToken(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		notFound(w, "token")
		return
	}
	if err := auth.RevokeTokenBy(r.Context(), a.DB, id, p.User, p.Scope, httpx.ClientIP(r)); err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
