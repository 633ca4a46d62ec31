package store

import (
	"container/list"
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps SQLite statements prepared, by query text. modernc
// compiles every statement it is handed afresh (a fifth of intake's CPU
// went to SQLite's parser); a prepared statement is compiled once per
// connection — database/sql keeps a *sql.Stmt prepared on each connection
// it ran on, and a Tx borrows the one of its connection — and is then only
// reset and rebound. PostgreSQL needs none: pgx caches prepared statements
// per connection itself.
//
// The cache holds the maxStmts query texts used most recently; a query
// built with a varying number of placeholders (IN lists, multi-row
// inserts) takes a slot per shape until pushed out. An evicted statement is
// closed, which database/sql defers until queries still using it end.
type stmtCache struct {
	db  *sql.DB
	max int

	mu      sync.Mutex
	byQuery map[string]*list.Element // of *cachedStmt, in lru
	lru     *list.List               // front: most recently used
}

type cachedStmt struct {
	query string
	stmt  *sql.Stmt
}

const maxStmts = 512

func newStmtCache(db *sql.DB, max int) *stmtCache {
	return &stmtCache{db: db, max: max, byQuery: map[string]*list.Element{}, lru: list.New()}
}

// get returns query prepared, or nil (the caller then runs the query
// unprepared, which reports any error in it as usual). A nil cache has
// nothing.
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	if e, ok := c.byQuery[query]; ok {
		c.lru.MoveToFront(e)
		st := e.Value.(*cachedStmt).stmt
		c.mu.Unlock()
		return st
	}
	c.mu.Unlock()

	// Prepared outside the lock: it takes a connection, and compiling is
	// the slow part. Two callers may race to prepare the same text; the
	// loser closes its copy.
	st, err := c.db.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byQuery[query]; ok {
		st.Close()
		c.lru.MoveToFront(e)
		return e.Value.(*cachedStmt).stmt
	}
	c.byQuery[query] = c.lru.PushFront(&cachedStmt{query: query, stmt: st})
	for c.lru.Len() > c.max {
		old := c.lru.Remove(c.lru.Back()).(*cachedStmt)
		delete(c.byQuery, old.query)
		old.stmt.Close()
	}
	return st
}

// len is the number of statements held.
func (c *stmtCache) len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// close closes every statement held, before the pool closes.
func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := c.lru.Front(); e != nil; e = e.Next() {
		e.Value.(*cachedStmt).stmt.Close()
	}
	c.byQuery, c.lru = map[string]*list.Element{}, list.New()
}
