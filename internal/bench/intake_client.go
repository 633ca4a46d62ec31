package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// intakeClient files orders over HTTP, keeping every number the server
// acknowledged so the bench can check that each one was stored.
type intakeClient struct {
	http   *http.Client
	url    string   // …/api/v1/orders
	bodies [][]byte // a pool of distinct bodies, each sent with a fresh key
}

func newIntakeClient(base string, conns int, bodies [][]byte) *intakeClient {
	tr := &http.Transport{
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns, // keep-alive for every client; the default 2 would reconnect all the time
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &intakeClient{http: &http.Client{Transport: tr, Timeout: 60 * time.Second}, url: base + "/api/v1/orders", bodies: bodies}
}

func (c *intakeClient) close() { c.http.CloseIdleConnections() }

// file posts body i of the pool under key and returns the order number.
// Anything but 201 Created is an error: every key is new, so even a replay
// (200) would mean the bench reused one.
func (c *intakeClient) file(ctx context.Context, key string, i int) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(c.bodies[i%len(c.bodies)]))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	resp, err := c.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("order %s: no answer: %w", key, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", fmt.Errorf("order %s: answer cut short: %w", key, err)
	}
	if resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("order %s: %s: %.300s", key, resp.Status, b)
	}
	var o struct {
		Number string `json:"number"`
	}
	if err := json.Unmarshal(b, &o); err != nil || o.Number == "" {
		return "", fmt.Errorf("order %s: 201 without an order number: %.300s", key, b)
	}
	return o.Number, nil
}

// intakeKey is the Idempotency-Key of order i of worker w in a phase; the
// check after the run finds the bench's orders by the common prefix.
func intakeKey(phase string, w, i int) string {
	return fmt.Sprintf("%s%s-%d-%d", intakeKeyPrefix, phase, w, i)
}

// closedLoop has each of the workers file orders back to back until d has
// passed or maxOps orders were sent: the most the server takes from that
// many clients. (Not load.run: that looks at the clock every 64
// operations, seconds late at a few hundred orders/s.)
func (c *intakeClient) closedLoop(ctx context.Context, workers int, d time.Duration, maxOps int64) (tally, []string, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	numbers := make([][]string, workers)
	lat := make([][]time.Duration, workers)
	var sent atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil && time.Now().Before(deadline) && sent.Add(1) <= maxOps; i++ {
				began := time.Now()
				n, err := c.file(ctx, intakeKey(phaseMax, w, i), w*7919+i)
				if err != nil {
					cancel(err)
					return
				}
				lat[w] = append(lat[w], time.Since(began))
				numbers[w] = append(numbers[w], n)
			}
		}()
	}
	wg.Wait()
	t := tally{elapsed: time.Since(start), latencies: slices.Concat(lat...)}
	t.ops = int64(len(t.latencies))
	slices.Sort(t.latencies)
	return t, slices.Concat(numbers...), context.Cause(ctx)
}

// fixedRate is what an open-loop phase did.
type fixedRate struct {
	offered     float64 // orders/s asked for
	sent        int
	elapsed     time.Duration
	latencies   []time.Duration // from the moment each order was due, sorted
	maxInFlight int
	numbers     []string
}

func (f fixedRate) achieved() float64 { return float64(f.sent) / f.elapsed.Seconds() }

func (f fixedRate) percentile(p float64) time.Duration {
	return tally{latencies: f.latencies}.percentile(p)
}

// intakeMaxInFlight bounds the open loop's concurrent requests; a server
// that falls that far behind shows it in the latencies, which count from
// when each order was due, not from when it could be sent.
const intakeMaxInFlight = 1024

// openLoop offers orders at a fixed rate for d (at most maxOps of them),
// each on its own goroutine at its due time whether or not earlier ones
// have been answered, as independent residents would. Latency runs from
// the due time, so a stalled server cannot hide its queue (no coordinated
// omission).
func (c *intakeClient) openLoop(ctx context.Context, rate float64, d time.Duration, maxOps int64) (fixedRate, error) {
	n := int(min(int64(rate*d.Seconds()), maxOps))
	if n < 1 {
		return fixedRate{}, fmt.Errorf("rate %.1f orders/s for %v offers no order", rate, d)
	}
	interval := time.Duration(float64(time.Second) / rate)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		mu       sync.Mutex
		out      = fixedRate{offered: rate, latencies: make([]time.Duration, 0, n), numbers: make([]string, 0, n)}
		inFlight int
		wg       sync.WaitGroup
		slots    = make(chan struct{}, intakeMaxInFlight)
		start    = time.Now()
		wait     = time.NewTimer(0)
	)
	defer wait.Stop()
	for i := 0; i < n && ctx.Err() == nil; i++ {
		due := start.Add(time.Duration(i) * interval)
		if d := time.Until(due); d > 0 {
			wait.Reset(d)
			select {
			case <-wait.C:
			case <-ctx.Done():
			}
		}
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		mu.Lock()
		inFlight++
		out.maxInFlight = max(out.maxInFlight, inFlight)
		mu.Unlock()
		wg.Add(1)
		go func() {
			defer wg.Done()
			number, err := c.file(ctx, intakeKey(phaseRate, 0, i), i)
			took := time.Since(due)
			<-slots
			mu.Lock()
			defer mu.Unlock()
			inFlight--
			if err != nil {
				cancel(err)
				return
			}
			out.latencies = append(out.latencies, took)
			out.numbers = append(out.numbers, number)
		}()
	}
	wg.Wait()
	out.elapsed = time.Since(start)
	out.sent = len(out.numbers)
	slices.Sort(out.latencies)
	if err := context.Cause(ctx); err != nil {
		return out, err
	}
	return out, nil
}
