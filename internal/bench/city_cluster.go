package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// cityCluster is the serve processes of a city run, all on one store, and
// the client every simulated person uses: a request goes to the node the
// caller picks and, when that node does not answer (killed, restarting),
// to the next live one, unchanged — the same Idempotency-Key, the same
// version — as a load balancer in front of them would.
type cityCluster struct {
	dataDir, dbURL string
	http           *http.Client

	mu    sync.Mutex
	nodes []*intakeServer
	down  []time.Time // a node that failed is skipped until then

	failovers atomic.Int64 // requests sent again to another node
}

// cityNodeRest is how long a node that did not answer is left alone.
const cityNodeRest = 500 * time.Millisecond

// cityRequestPatience bounds how long one request keeps trying the nodes.
const cityRequestPatience = 90 * time.Second

func startCluster(ctx context.Context, n int, dataDir, dbURL string) (*cityCluster, error) {
	tr := &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 256, IdleConnTimeout: 90 * time.Second,
		DisableCompression: true}
	c := &cityCluster{dataDir: dataDir, dbURL: dbURL, http: &http.Client{Transport: tr, Timeout: 60 * time.Second},
		down: make([]time.Time, n)}
	// One after the other: each migrates nothing (the store is ready) but
	// builds its locator and takes its first sweep tick.
	for range n {
		s, err := startServeProcess(ctx, dataDir, dbURL)
		if err != nil {
			c.stop()
			return nil, err
		}
		c.nodes = append(c.nodes, s)
	}
	return c, nil
}

func (c *cityCluster) node(i int) *intakeServer {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nodes[i]
}

// pick is the first node from i on that is not resting; all says every
// node is resting (node i is then tried anyway).
func (c *cityCluster) pick(i int) (j int, base string, all bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	for k := range c.nodes {
		j := (i + k) % len(c.nodes)
		if now.After(c.down[j]) {
			return j, c.nodes[j].base, false
		}
	}
	j = i % len(c.nodes)
	return j, c.nodes[j].base, true
}

func (c *cityCluster) rest(i int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.down[i] = time.Now().Add(cityNodeRest)
}

// cityAnswer is a node's answer; retried says an earlier attempt of the
// same request went unanswered (it may or may not have been carried out).
type cityAnswer struct {
	status  int
	body    []byte
	header  http.Header
	retried bool
}

// do sends the request that build makes for a node's base URL, starting at
// node prefer, and fails over on no answer or a 502/503 (a proxy's or a
// stopping node's). Any other answer, error statuses included, is the
// caller's.
func (c *cityCluster) do(ctx context.Context, prefer int, build func(base string) (*http.Request, error)) (cityAnswer, error) {
	deadline := time.Now().Add(cityRequestPatience)
	var a cityAnswer
	var last error
	for i := prefer; ; i++ {
		if err := ctx.Err(); err != nil {
			return a, err
		}
		if time.Now().After(deadline) {
			return a, fmt.Errorf("no node answered within %v: %w", cityRequestPatience, last)
		}
		j, base, all := c.pick(i)
		req, err := build(base)
		if err != nil {
			return a, err
		}
		resp, err := c.http.Do(req.WithContext(ctx))
		if err == nil {
			a.body, err = io.ReadAll(resp.Body)
			resp.Body.Close()
			if err == nil && resp.StatusCode != http.StatusBadGateway && resp.StatusCode != http.StatusServiceUnavailable {
				a.status, a.header = resp.StatusCode, resp.Header
				return a, nil
			}
			if err == nil {
				err = fmt.Errorf("%s", resp.Status)
			}
		}
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			return a, ctx.Err()
		}
		last = err
		a.retried = true
		c.failovers.Add(1)
		c.rest(j)
		if all { // no node answers: wait a little before the next round
			select {
			case <-ctx.Done():
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

// crash kills node i (SIGKILL: no drain, no lease release) and reports
// when it went.
func (c *cityCluster) crash(i int) {
	c.node(i).kill()
}

// restart starts node i again at its address on the same store.
func (c *cityCluster) restart(ctx context.Context, i int) error {
	old := c.node(i)
	s, err := startServeAt(ctx, c.dataDir, c.dbURL, old.addr)
	if err != nil {
		return fmt.Errorf("restart node %d: %w", i+1, err)
	}
	c.mu.Lock()
	c.nodes[i], c.down[i] = s, time.Time{}
	c.mu.Unlock()
	return nil
}

// stop ends every node (SIGTERM) and returns the first failure.
func (c *cityCluster) stop() error {
	var errs []error
	for i, s := range c.nodes {
		if err := s.stop(); err != nil {
			errs = append(errs, fmt.Errorf("node %d: %w", i+1, err))
		}
	}
	c.http.CloseIdleConnections()
	return errors.Join(errs...)
}

func (c *cityCluster) bases() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, s := range c.nodes {
		out = append(out, s.base)
	}
	return out
}

// peakRSS is each live node's peak resident memory, for the report.
func (c *cityCluster) peakRSS() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for i, s := range c.nodes {
		n, _, err := s.peakRSS()
		if err != nil {
			out = append(out, fmt.Sprintf("node %d: unavailable (%v)", i+1, err))
			continue
		}
		out = append(out, fmt.Sprintf("node %d: %.0f MB", i+1, float64(n)/(1<<20)))
	}
	return out
}
