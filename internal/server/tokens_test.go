package server_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// tokenID reads the id of user's fixture token from GET /api/v1/tokens.
func (e *env) tokenID(t *testing.T, user string) int64 {
	t.Helper()
	st, body := e.do(t, user, "GET", "/api/v1/tokens", "")
	var out struct {
		Tokens []struct {
			ID        int64   `json:"id"`
			Name      string  `json:"name"`
			ExpiresAt *string `json:"expires_at"`
			Valid     bool    `json:"valid"`
		} `json:"tokens"`
	}
	if st != http.StatusOK || json.Unmarshal(body, &out) != nil || len(out.Tokens) != 1 ||
		!out.Tokens[0].Valid || out.Tokens[0].ExpiresAt == nil {
		t.Fatalf("GET /api/v1/tokens as %s: %d %s", user, st, body)
	}
	return out.Tokens[0].ID
}

// DELETE /api/v1/tokens/{id}: a user revokes their own token, an admin
// those of users in scope; anyone else gets 404 and the token lives on.
func TestRevokeTokenThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		streetTok := e.tokenID(t, "street")
		path := "/api/v1/tokens/" + strconv.FormatInt(streetTok, 10)
		for _, who := range []string{"community", "otherstreet", "otherdept", "dispatcher"} {
			st, body := e.do(t, who, "DELETE", path, "")
			wantStatus(t, st, http.StatusNotFound, who+" revoking street's token", body)
		}
		st, body := e.do(t, "admin", "GET", "/api/v1/users/"+strconv.FormatInt(e.ids["street"], 10)+"/tokens", "")
		wantStatus(t, st, http.StatusOK, "admin listing street's tokens", body)
		st, body = e.do(t, "community", "GET", "/api/v1/users/"+strconv.FormatInt(e.ids["street"], 10)+"/tokens", "")
		wantStatus(t, st, http.StatusNotFound, "community listing street's tokens", body)
		if st, _ := e.do(t, "street", "GET", "/api/v1/me", ""); st != http.StatusOK {
			t.Fatalf("street's token after refused revokes: %d", st)
		}
		st, body = e.do(t, "admin", "DELETE", path, "")
		wantStatus(t, st, http.StatusNoContent, "admin in scope revoking", body)
		st, body = e.do(t, "street", "GET", "/api/v1/me", "")
		wantStatus(t, st, http.StatusUnauthorized, "street's revoked token", body)

		own := e.tokenID(t, "grid")
		st, body = e.do(t, "grid", "DELETE", "/api/v1/tokens/"+strconv.FormatInt(own, 10), "")
		wantStatus(t, st, http.StatusNoContent, "grid revoking its own token", body)
		st, body = e.do(t, "grid", "GET", "/api/v1/me", "")
		wantStatus(t, st, http.StatusUnauthorized, "after revoking one's own token", body)
		st, body = e.do(t, "admin", "DELETE", "/api/v1/tokens/not-a-number", "")
		wantStatus(t, st, http.StatusNotFound, "a malformed id", body)
		var audited int
		if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'token.revoke'`).Scan(&audited); err != nil || audited != 2 {
			t.Fatalf("token.revoke audit rows = %d (%v), want 2", audited, err)
		}
	})
}

// A password change ends the user's tokens, through the API as well.
func TestPasswordChangeEndsTokensOverHTTP(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	if st, body := e.do(t, "operator", "GET", "/api/v1/me", ""); st != http.StatusOK {
		t.Fatalf("before: %d %s", st, body)
	}
	if err := setPassword(t, e, "operator"); err != nil {
		t.Fatal(err)
	}
	if st, body := e.do(t, "operator", "GET", "/api/v1/me", ""); st != http.StatusUnauthorized {
		t.Fatalf("token after a password change: %d %s, want 401", st, body)
	}
}

func setPassword(t *testing.T, e *env, user string) error {
	t.Helper()
	return auth.SetPassword(t.Context(), e.db, user, "a brand new passphrase", auth.Actor{})
}

// The admin users page lists a user's tokens and revokes one; an admin
// outside the user's scope gets 404 for both.
func TestAdminPageRevokesTokens(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	id := e.tokenID(t, "street")
	userPath := "/admin/users/" + strconv.FormatInt(e.ids["street"], 10)
	revoke := userPath + "/tokens/" + strconv.FormatInt(id, 10) + "/revoke"

	if _, err := auth.CreateUser(t.Context(), e.db, auth.NewUser{Username: "pingadmin", Role: auth.RoleAdmin,
		NodeCode: "210502", Password: "correct horse battery"}, auth.Actor{}); err != nil {
		t.Fatal(err)
	}
	far := newBrowser(t, e.srv.URL)
	if st, body := far.signIn("pingadmin", "correct horse battery"); st != http.StatusOK {
		t.Fatalf("sign in: %d %s", st, body)
	}
	for _, req := range [][2]string{{"GET", userPath}, {"POST", revoke}} {
		if st, _ := far.do(req[0], req[1], "", true); st != http.StatusNotFound {
			t.Fatalf("admin of another district: %s %s = %d, want 404", req[0], req[1], st)
		}
	}
	b := newBrowser(t, e.srv.URL)
	if st, body := b.signIn("admin", "correct horse battery"); st != http.StatusOK {
		t.Fatalf("sign in: %d %s", st, body)
	}
	st, page := b.do("GET", userPath, "", false)
	if st != http.StatusOK || !strings.Contains(string(page), `id="token-`+strconv.FormatInt(id, 10)+`"`) ||
		!strings.Contains(string(page), `action="`+revoke+`"`) {
		t.Fatalf("user page: %d\n%s", st, page)
	}
	// A token of another user under this user's path is not found.
	other := userPath + "/tokens/" + strconv.FormatInt(e.tokenID(t, "community"), 10) + "/revoke"
	if st, _ := b.do("POST", other, "", true); st != http.StatusNotFound {
		t.Fatalf("another user's token under street's path: %d, want 404", st)
	}
	if st, _ := b.do("POST", revoke, "", false); st != http.StatusForbidden {
		t.Fatalf("revoke without the CSRF token: %d, want 403", st)
	}
	b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if st, _ := b.do("POST", revoke, "", true); st != http.StatusSeeOther {
		t.Fatalf("revoke: %d, want 303", st)
	}
	if st, _ := e.do(t, "street", "GET", "/api/v1/me", ""); st != http.StatusUnauthorized {
		t.Fatalf("street's token after the page revoked it: %d", st)
	}
	if st, _ := e.do(t, "community", "GET", "/api/v1/me", ""); st != http.StatusOK {
		t.Fatalf("community's token was revoked too: %d", st)
	}
	_, page = b.do("GET", userPath+"?revoked=1", "", false)
	if !strings.Contains(string(page), "已撤销") || strings.Contains(string(page), `action="`+revoke+`"`) {
		t.Fatalf("user page after revoke still offers it:\n%s", page)
	}
}
