package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"civicgrid/internal/report/reportgen"
)

// memoryOp is one kind of request of the mixed load.
type memoryOp struct {
	name   string
	method string
	path   string
	body   func(i int) any // JSON body of POST i; nil for GET
	want   int
}

// memoryOps are the requests the clients cycle through: what a city's
// staff and residents do all day, with the heavy reads (measures with
// filters, rankings, the measures page) as often as the light ones.
func memoryOps() []memoryOp {
	district, street := reportgen.District(1), reportgen.Street(1, 7)
	year := "&from=2025-01-01&to=2026-01-01"
	intake := func(i int) any {
		community := fmt.Sprintf("%s%03d", reportgen.Street(1, 1+i%reportgen.Streets), 1+i%reportgen.Communities)
		return map[string]any{"channel": "hotline", "category": "noise.disturb", "attributes": map[string]string{"source": "shop"}, "description": fmt.Sprintf("夜间施工噪音扰民 %d", i),
			"address": "明山区" + community, "grid_code": fmt.Sprintf("%s%03d", community, 1+i%reportgen.Grids), "community_code": community,
			"reporter": map[string]string{"name": "张三", "phone": fmt.Sprintf("139%08d", i%100_000_000)}}
	}
	return []memoryOp{
		{"intake", http.MethodPost, "/api/v1/orders", intake, http.StatusCreated},
		{"order-list", http.MethodGet, "/api/v1/orders?limit=50", nil, http.StatusOK},
		{"order-list-street", http.MethodGet, "/api/v1/orders?region=" + street + "&status=processing&limit=50", nil, http.StatusOK},
		{"measures", http.MethodGet, "/api/v1/stats?node=" + district + year, nil, http.StatusOK},
		{"measures-filtered", http.MethodGet, "/api/v1/stats?node=" + street + "&category=" + reportgen.Categories[1] +
			"&department=" + reportgen.Departments[1] + year, nil, http.StatusOK},
		{"ranking", http.MethodGet, "/api/v1/stats/ranking?by=community&node=" + street + "&category=" + reportgen.Categories[1] + year, nil, http.StatusOK},
		{"measures-page", http.MethodGet, "/measures?node=" + street + "&from=2025-12-01&to=2025-12-31", nil, http.StatusOK},
		{"dashboard", http.MethodGet, "/home", nil, http.StatusOK},
		{"dispatch-board", http.MethodGet, "/dispatch", nil, http.StatusOK},
	}
}

// memoryLoad is what the load did: latencies per kind and the largest
// RSS sampled each second.
type memoryLoad struct {
	ops    []memoryOp
	lat    [][]time.Duration
	maxRSS int64
}

func (l *memoryLoad) lines() []string {
	var out []string
	for k, op := range l.ops {
		lat := slices.Clone(l.lat[k])
		slices.Sort(lat)
		if len(lat) == 0 {
			out = append(out, fmt.Sprintf("memory %-18s none", op.name))
			continue
		}
		out = append(out, fmt.Sprintf("memory %-18s %6d requests, p50 %v, p99 %v, max %v", op.name, len(lat),
			short(lat[len(lat)/2]), short(lat[len(lat)*99/100]), short(lat[len(lat)-1])))
	}
	return out
}

// driveMemoryLoad signs each client in (a session cookie, as the pages
// need) and has it cycle through memoryOps until dur has passed,
// sampling the server's RSS each second.
func driveMemoryLoad(ctx context.Context, srv *intakeServer, user, password string, clients int, dur time.Duration, r *statsRun) (*memoryLoad, error) {
	ops := memoryOps()
	load := &memoryLoad{ops: ops, lat: make([][]time.Duration, len(ops))}
	var signedIn []*sessionClient
	for range clients {
		client, err := signedInClient(ctx, srv.base, user, password)
		if err != nil {
			return nil, err
		}
		signedIn = append(signedIn, client)
	}
	ctx, cancel := context.WithTimeout(ctx, dur)
	defer cancel()
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for c, client := range signedIn {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; ctx.Err() == nil; i += clients {
				k := i % len(ops)
				took, err := memoryRequest(ctx, client, srv.base, ops[k], i)
				if ctx.Err() != nil {
					return // the deadline cut the request short
				}
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				load.lat[k] = append(load.lat[k], took)
				mu.Unlock()
			}
		}()
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	last := time.Now()
	for {
		select {
		case <-done:
			return load, firstErr
		case <-tick.C:
			if rss := srv.currentRSS(); rss > load.maxRSS {
				load.maxRSS = rss
			}
			if time.Since(last) >= 30*time.Second {
				last = time.Now()
				r.logf("server RSS %.0f MB (max sampled %.0f MB)", float64(srv.currentRSS())/(1<<20), float64(load.maxRSS)/(1<<20))
			}
		}
	}
}

// signedInClient signs in over the API; the session cookie also opens
// the pages.
func signedInClient(ctx context.Context, base, user, password string) (*sessionClient, error) {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 2 * time.Minute}
	body, _ := json.Marshal(map[string]string{"username": user, "password": password})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/session", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 500))
		return nil, fmt.Errorf("sign in: %s %s", resp.Status, b)
	}
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	u, _ := url.Parse(base)
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.CSRF == "" || len(jar.Cookies(u)) == 0 {
		return nil, fmt.Errorf("sign in gave no session cookie and CSRF token (%v)", err)
	}
	return &sessionClient{client, out.CSRF}, nil
}

// sessionClient is a signed-in client: the session cookie in its jar,
// and the CSRF token its posts send.
type sessionClient struct {
	*http.Client
	csrf string
}

// memoryRequest sends request i of op and checks its status.
func memoryRequest(ctx context.Context, client *sessionClient, base string, op memoryOp, i int) (time.Duration, error) {
	var body io.Reader
	if op.body != nil {
		b, _ := json.Marshal(op.body(i))
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, op.method, base+op.path, body)
	if err != nil {
		return 0, err
	}
	if op.body != nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", client.csrf)
		req.Header.Set("Idempotency-Key", fmt.Sprintf("memory-%d-%d", time.Now().UnixNano(), i))
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w", op.method, op.path, err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if resp.StatusCode != op.want {
		return took, fmt.Errorf("%s %s: %s, want %d: %.300s", op.method, op.path, resp.Status, op.want, strings.TrimSpace(string(b)))
	}
	return took, nil
}

// currentRSS is the server's resident memory now (VmRSS); 0 when unknown.
func (s *intakeServer) currentRSS() int64 {
	path := "/proc/self/status"
	if s.pid != 0 {
		path = fmt.Sprintf("/proc/%d/status", s.pid)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(rest), "%d", &kb)
			return kb * 1024
		}
	}
	return 0
}
