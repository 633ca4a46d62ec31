package store

import (
	"bytes"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"civicgrid/internal/errs"
)

// Two mistakes behave differently on the two stores, so they are refused
// on both, at once:
//
//   - InTx inside InTx on the same goroutine: on SQLite the inner call waits
//     for the write turn the outer one holds, for ever; on PostgreSQL it
//     quietly opens a second, independent transaction.
//   - a write through the DB (not the Tx) inside InTx: on SQLite it waits
//     out busy_timeout behind the transaction's own write lock and fails;
//     on PostgreSQL it commits on its own, outside the transaction.
var (
	ErrNestedTx     = errs.New(errs.Internal, "store: InTx called inside InTx; use the Tx you were given")
	ErrWriteOutside = errs.New(errs.Internal, "store: write through the DB inside InTx; use the Tx you were given")
)

// txGuard remembers which goroutines are inside InTx on one DB.
type txGuard struct {
	active atomic.Int32 // goroutines inside InTx; 0 skips the lookup
	owners sync.Map     // goroutine id → struct{}
}

// enter marks the calling goroutine as inside InTx, or reports that it
// already is.
func (g *txGuard) enter() (leave func(), err error) {
	id := goid()
	if _, nested := g.owners.LoadOrStore(id, struct{}{}); nested {
		return nil, ErrNestedTx
	}
	g.active.Add(1)
	return func() { g.owners.Delete(id); g.active.Add(-1) }, nil
}

// inside reports whether the calling goroutine is inside InTx; it costs an
// atomic load unless some goroutine is.
func (g *txGuard) inside() bool {
	if g.active.Load() == 0 {
		return false
	}
	_, ok := g.owners.Load(goid())
	return ok
}

// isWrite reports whether a query (not an Exec, which is always guarded) starts
// with INSERT, UPDATE or DELETE, as … RETURNING does.
func isWrite(q string) bool {
	q = strings.TrimSpace(q)
	if len(q) < 6 {
		return false
	}
	switch strings.ToUpper(q[:6]) {
	case "INSERT", "UPDATE", "DELETE":
		return true
	}
	return false
}

// goid is the calling goroutine's id, read from its stack header
// ("goroutine 42 [running]:"). Go does not expose it on purpose; here it
// only keys the guard, never program logic.
func goid() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}
