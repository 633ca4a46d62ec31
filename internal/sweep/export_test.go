package sweep

import "context"

// HoldLease takes the tick's lease as a node in the middle of a tick
// would, for tests; release frees it, and not calling it stands for a
// node that died holding it.
func (s *Sweeper) HoldLease(ctx context.Context) (held bool, release func(), err error) {
	l, err := s.acquire(ctx)
	if err != nil || l == nil {
		return false, func() {}, err
	}
	return true, func() { l.release(ctx) }, nil
}
