package order_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// BenchmarkCreate measures in-process intake (validation, number, order,
// two events, two outbox rows; no HTTP) with parallel callers, on each
// store: go test -run ^$ -bench Create ./internal/order/
func BenchmarkCreate(b *testing.B) {
	for name, open := range map[string]func(testing.TB) *store.DB{"sqlite": storetest.SQLite, "postgres": storetest.Postgres} {
		b.Run(name, func(b *testing.B) {
			db := open(b)
			e := newEnv(b, db)
			var n atomic.Int64
			b.SetParallelism(2)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					in := noise("噪音")
					in.IdempotencyKey = fmt.Sprintf("bench-%d", n.Add(1))
					if _, _, err := e.svc.Create(context.Background(), operator, in); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
