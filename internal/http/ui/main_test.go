package ui_test

import (
	"context"
	"sync"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/testsupport"
)

func TestMain(m *testing.M) {
	storetest.RunInParallel()
	testsupport.Main(m)
}

// uiDemo is the demo district plus the street-level admin, built once per
// store kind and copied for each test (storetest.Fixture).
var uiDemo = storetest.NewFixture(buildUIDemo)

func buildUIDemo(ctx context.Context, db *store.DB) (testsupport.Creds, error) {
	creds, err := testsupport.BuildDemo(ctx, db)
	if err != nil {
		return nil, err
	}
	if _, err := auth.CreateUser(ctx, db, auth.NewUser{Username: streetAdmin, DisplayName: "北地街道管理员",
		Role: auth.RoleAdmin, NodeCode: streetAdminNode, Password: testPassword}, auth.Actor{}); err != nil {
		return nil, err
	}
	creds[streetAdmin] = testPassword
	return creds, nil
}

// demoCreds remembers each fixture copy's passwords for newEnv.
var demoCreds sync.Map // *store.DB → testsupport.Creds

// eachDemo is storetest.Each on fresh copies of the demo district. Each
// copy has its own server, so the test and both halves run in parallel
// with the others (RunInParallel); the browser tests, one CPU-bound
// Chromium each, stay serial.
func eachDemo(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	uiDemo.Each(t, func(t *testing.T, db *store.DB, creds testsupport.Creds) {
		demoCreds.Store(db, creds)
		t.Cleanup(func() { demoCreds.Delete(db) })
		fn(t, db)
	})
}

// demoSQLite is a fresh SQLite copy of the demo district.
func demoSQLite(t *testing.T) *store.DB {
	t.Helper()
	db, creds := uiDemo.SQLite(t)
	demoCreds.Store(db, creds)
	t.Cleanup(func() { demoCreds.Delete(db) })
	return db
}
