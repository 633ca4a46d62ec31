package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// cityOpen311Share of the orders come through Open311 (a city app's
// integration), the rest through the JSON API (the resident web form).
const cityOpen311Share = 0.3

// cityIntake is what the residents file: API bodies and the same orders
// as Open311 forms, sent at the day's schedule.
type cityIntake struct {
	api     [][]byte
	open311 []url.Values // without api_key
	keys    []string     // Open311 api_keys, one per client app
	run     string       // in every Idempotency-Key, so two runs never share one
	grids   []string     // where the orders are, for the backlog
}

// open311Forms turns JSON intake bodies into Open311 GeoReport v2 forms.
func open311Forms(bodies [][]byte) ([]url.Values, error) {
	out := make([]url.Values, len(bodies))
	for i, b := range bodies {
		var in intakeBody
		if err := json.Unmarshal(b, &in); err != nil {
			return nil, err
		}
		f := url.Values{}
		f.Set("service_code", in.Category)
		f.Set("lat", strconv.FormatFloat(in.Lat, 'f', -1, 64))
		f.Set("long", strconv.FormatFloat(in.Lng, 'f', -1, 64))
		f.Set("description", in.Description)
		f.Set("first_name", in.Reporter.Name)
		f.Set("phone", in.Reporter.Phone)
		if in.Address != "" {
			f.Set("address_string", in.Address)
		}
		for k, v := range in.Attributes {
			f.Set("attribute["+k+"]", v)
		}
		out[i] = f
	}
	return out, nil
}

// filed is one acknowledged order.
type filed struct {
	number  string
	open311 bool
}

// cityIntakeMaxInFlight bounds the residents waiting at once; a cluster
// that falls behind shows it in the latencies, counted from each order's
// due time.
const cityIntakeMaxInFlight = 512

// fileDay offers the schedule's orders, each at its due time on its own
// goroutine (open loop), to node i mod n, and sends every acknowledged
// number to work (dropped when the staff are that far behind). It returns
// when every order offered has been acknowledged or the run failed.
func (ci *cityIntake) fileDay(ctx context.Context, c *cityCluster, schedule []time.Duration, lat *cityLatencies,
	work chan<- filed) ([]filed, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		mu    sync.Mutex
		acked = make([]filed, 0, len(schedule))
		wg    sync.WaitGroup
		slots = make(chan struct{}, cityIntakeMaxInFlight)
		start = time.Now()
	)
	n := len(c.nodes)
	for i, at := range schedule {
		if wait := time.Until(start.Add(at)); wait > 0 {
			select {
			case <-time.After(wait):
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
		due := start.Add(at)
		wg.Go(func() {
			defer func() { <-slots }()
			f, err := ci.file(ctx, c, i, i%n)
			if err != nil {
				cancel(err)
				return
			}
			lat.add(classIntake, time.Since(due))
			mu.Lock()
			acked = append(acked, f)
			mu.Unlock()
			select {
			case work <- f:
			default:
			}
		})
	}
	wg.Wait()
	return acked, context.Cause(ctx)
}

// file sends order i until a node acknowledges it: through Open311 for a
// share of them, else the JSON API, under one Idempotency-Key however
// often it is sent.
func (ci *cityIntake) file(ctx context.Context, c *cityCluster, i, node int) (filed, error) {
	key := fmt.Sprintf("city-%s-%d", ci.run, i)
	viaOpen311 := float64(i%10) < cityOpen311Share*10
	for {
		var build func(base string) (*http.Request, error)
		if viaOpen311 {
			form := url.Values{}
			for k, v := range ci.open311[i%len(ci.open311)] {
				form[k] = v
			}
			form.Set("api_key", ci.keys[i%len(ci.keys)])
			body := form.Encode()
			build = func(base string) (*http.Request, error) {
				req, err := http.NewRequest(http.MethodPost, base+"/open311/v2/requests.json", strings.NewReader(body))
				if err == nil {
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("Idempotency-Key", key)
				}
				return req, err
			}
		} else {
			body := ci.api[i%len(ci.api)]
			build = func(base string) (*http.Request, error) {
				req, err := http.NewRequest(http.MethodPost, base+"/api/v1/orders", bytes.NewReader(body))
				if err == nil {
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Idempotency-Key", key)
				}
				return req, err
			}
		}
		a, err := c.do(ctx, node, build)
		if err != nil {
			return filed{}, fmt.Errorf("order %s: %w", key, err)
		}
		if a.status == http.StatusTooManyRequests { // an api_key's rate: wait as told, send again
			secs, _ := strconv.Atoi(a.header.Get("Retry-After"))
			select {
			case <-ctx.Done():
				return filed{}, ctx.Err()
			case <-time.After(time.Duration(max(secs, 1)) * time.Second):
			}
			continue
		}
		return ci.acknowledged(key, viaOpen311, a)
	}
}

// acknowledged reads the order number from a node's answer. A replay
// (200 from the API) is only right after an attempt that went unanswered.
func (ci *cityIntake) acknowledged(key string, viaOpen311 bool, a cityAnswer) (filed, error) {
	f := filed{open311: viaOpen311}
	if viaOpen311 {
		var out []struct {
			ID string `json:"service_request_id"`
		}
		if a.status != http.StatusOK || json.Unmarshal(a.body, &out) != nil || len(out) != 1 || out[0].ID == "" {
			return f, fmt.Errorf("Open311 order %s: %d %.300s", key, a.status, a.body)
		}
		f.number = out[0].ID
		return f, nil
	}
	replayed := a.status == http.StatusOK && a.header.Get("Idempotent-Replayed") == "true"
	if a.status != http.StatusCreated && !(replayed && a.retried) {
		return f, fmt.Errorf("order %s: %d %.300s", key, a.status, a.body)
	}
	var o struct {
		Number string `json:"number"`
	}
	if err := json.Unmarshal(a.body, &o); err != nil || o.Number == "" {
		return f, fmt.Errorf("order %s: no order number in %.300s", key, a.body)
	}
	f.number = o.Number
	return f, nil
}
