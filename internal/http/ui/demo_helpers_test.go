package ui_test

import (
	"context"
	"testing"

	"civicgrid/internal/grid"
	"civicgrid/internal/order"
)

// demoGrid is the n-th grid (from 0) under region code under, such as
// streetAdminNode (北地街道, the demo street user's) or otherStreet.
func demoGrid(t testing.TB, e *env, under string, n int) string {
	t.Helper()
	gs, err := grid.List(context.Background(), e.db, under, n+1, 0)
	if err != nil || len(gs) <= n {
		t.Fatalf("grid %d of %s: %v (%d)", n, under, err, len(gs))
	}
	return gs[n].Code
}

// fileOrder files an order through channel in gridCode as the demo
// operator, reported by 王五 (13900001234). "other.request" and
// "consult.policy" wait at the centre, pending; "streetlight.out" goes
// straight to 城管 (chengguan).
func fileOrder(t testing.TB, e *env, gridCode, channel, cat, desc string) order.Order {
	t.Helper()
	o, _, err := e.app.Orders.Create(context.Background(), e.actor(t, "operator"), order.Input{
		Channel: channel, Category: cat, Description: desc, GridCode: gridCode, Address: "某小区3号楼",
		ReporterName: "王五", ReporterPhone: "13900001234"})
	if err != nil {
		t.Fatalf("create %s: %v", cat, err)
	}
	return o
}
