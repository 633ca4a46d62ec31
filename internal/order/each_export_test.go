package order

// SetEachBatch lets a test walk Each in small batches.
func SetEachBatch(n int) (restore func()) {
	old := eachBatch
	eachBatch = n
	return func() { eachBatch = old }
}
