package order_test

import (
	"context"
	"errors"
	"testing"

	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestRetiredDepartment: a retired department (撤销) is no dispatch target,
// and the catalogue's route to it leaves the order with the dispatcher.
func TestRetiredDepartment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		if _, err := db.ExecContext(ctx, `UPDATE departments SET retired_at = 1 WHERE code IN ('chengguan', 'ranqi')`); err != nil {
			t.Fatal(err)
		}
		in := order.Input{Channel: order.ChannelHotline, Category: "wage.arrears", Description: "公司拖欠三个月工资",
			Point: inA, Attributes: map[string]string{"employer": "某装修公司"}}
		o := mustCreate(t, e, operator, in)
		_, err := e.svc.Dispatch(ctx, dispatcher, o.Number, o.Version, order.Target{Level: category.LevelDepartment, Code: "chengguan"}, "")
		if !errors.Is(err, order.ErrInvalid) {
			t.Fatalf("dispatch to a retired department: %v", err)
		}
		gas := mustCreate(t, e, operator, order.Input{Channel: order.ChannelHotline, Category: "gas.leak",
			Description: "楼道里有很重的煤气味", Point: inA, Attributes: map[string]string{"valve_closed": "no"}})
		if gas.Status != order.StatusPending || gas.Level != category.LevelCentre {
			t.Fatalf("routed to a retired department: %s at %s %s", gas.Status, gas.Level, gas.HandlerCode)
		}
	})
}
