package server_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestCategoryListShowsRetiredToAdmins: GET /api/v1/categories?all=1
// lists a retired entry to an admin only; anyone else asking gets the
// entries in use, as everyone does without all=1.
func TestCategoryListShowsRetiredToAdmins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if _, err := db.ExecContext(context.Background(), `UPDATE categories SET active = ? WHERE code = 'gas.leak'`, false); err != nil {
			t.Fatal(err)
		}
		lists := func(user, path string) bool {
			t.Helper()
			st, body := e.do(t, user, "GET", path, "")
			wantStatus(t, st, 200, user+" "+path, body)
			var out struct {
				Categories []struct {
					Code string `json:"code"`
				} `json:"categories"`
			}
			if err := json.Unmarshal(body, &out); err != nil {
				t.Fatal(err)
			}
			if len(out.Categories) < 10 {
				t.Fatalf("%s %s: only %d categories", user, path, len(out.Categories))
			}
			return slices.ContainsFunc(out.Categories, func(c struct {
				Code string `json:"code"`
			}) bool {
				return c.Code == "gas.leak"
			})
		}
		for user, want := range map[string]bool{"admin": true, "dispatcher": false, "": false} {
			if got := lists(user, "/api/v1/categories?all=1"); got != want {
				t.Errorf("%q asking for all: retired entry listed %v, want %v", user, got, want)
			}
			if lists(user, "/api/v1/categories") {
				t.Errorf("%q: retired entry listed without all=1", user)
			}
		}
	})
}
