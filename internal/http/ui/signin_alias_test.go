package ui_test

import (
	"net/http"
	"testing"

	"civicgrid/internal/store"
)

// TestLoginGoesToSignIn: /login (typed from habit) and /admin signed out
// land on /signin; a next off this site is dropped.
func TestLoginGoesToSignIn(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		c := e.client(t)
		for path, want := range map[string]string{
			"/login":                           "/signin",
			"/login?next=%2Forders%3Fq%3D1":    "/signin?next=%2Forders%3Fq%3D1",
			"/login?next=https://evil.example": "/signin?next=%2Fhome",
			"/login?next=//evil.example":       "/signin?next=%2Fhome",
			"/admin":                           "/signin?next=%2Fadmin",
		} {
			r := c.get(path)
			if r.Status != http.StatusMovedPermanently && r.Status != http.StatusSeeOther {
				t.Fatalf("%s: %d, want a redirect", path, r.Status)
			}
			if got := r.Header.Get("Location"); got != want {
				t.Errorf("%s goes to %q, want %q", path, got, want)
			}
		}
	})
}
