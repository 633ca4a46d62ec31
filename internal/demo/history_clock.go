package demo

import (
	"sync"
	"time"
)

// simClock is the simulated "now" of one worker's order Service: each step
// of the simulation sets it to the step's time before acting.
type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *simClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}
