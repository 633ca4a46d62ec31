package store

// StmtsHeld is how many prepared statements db's cache holds.
func StmtsHeld(db *DB) int { return db.stmts.len() }

// ShrinkStmtCache gives db (SQLite) a statement cache of n entries, so a
// test can push statements out.
func ShrinkStmtCache(db *DB, n int) {
	db.stmts.close()
	db.stmts = newStmtCache(db.sql, n)
}
