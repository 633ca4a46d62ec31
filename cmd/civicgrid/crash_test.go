package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestKillNineLosesNoAcknowledgedOrder runs the real binary, files orders
// from concurrent clients with idempotency keys, kills the server with
// SIGKILL in the middle, restarts it and retries every key whose answer
// never came. Every acknowledged order must be there exactly once, with
// the number it was acknowledged with.
func TestKillNineLosesNoAcknowledgedOrder(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "civicgrid")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	t.Run("sqlite", func(t *testing.T) { crashRun(t, bin, "") })
	t.Run("postgres", func(t *testing.T) { crashRun(t, bin, storetest.PostgresURL(t)) })
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

type server struct {
	cmd *exec.Cmd
	log *bytes.Buffer
}

func start(t *testing.T, bin, data, dbURL, addr string) *server {
	t.Helper()
	// Every client here is 127.0.0.1, filing thousands of orders: the
	// per-address intake limit would refuse most of them.
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", addr, "--limit-intake", "off")
	cmd.Env = append(os.Environ(), "CIVICGRID_DB="+dbURL)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return &server{cmd: cmd, log: &log}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatalf("server did not come up:\n%s", log.String())
	return nil
}

const crashOrder = `{"channel":"web","category":"corridor.clutter","description":"楼道堆物，第%s号请求","lat":%f,"lng":%f,
	"reporter":{"name":"李四","phone":"13900001111"}}`

// file posts one order; ok is false when no answer came (the server died).
func file(client *http.Client, addr, key string, lng, lat float64) (number string, ok bool, err error) {
	body := fmt.Sprintf(crashOrder, key, lat, lng)
	req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/orders", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	resp, err := client.Do(req)
	if err != nil {
		return "", false, nil
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", false, nil
	}
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return "", true, fmt.Errorf("key %s: %d %s", key, resp.StatusCode, b)
	}
	var o struct{ Number string }
	if err := json.Unmarshal(b, &o); err != nil || o.Number == "" {
		return "", true, fmt.Errorf("key %s: bad reply %s", key, b)
	}
	return o.Number, true, nil
}

func crashRun(t *testing.T, bin, dbURL string) {
	data := t.TempDir()
	// The district alone: the grid base (registers) is not what a crash
	// could lose, and without it the demo and each server start are
	// quicker (demo's own tests build it).
	build := exec.Command(bin, "demo", "--no-serve", "--history-days", "0", "--registers=false", "--data", data)
	build.Env = append(os.Environ(), "CIVICGRID_DB="+dbURL)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("demo build: %v\n%s", err, out)
	}
	// A point inside a demo grid, found through the running server.
	addr := freeAddr(t)
	srv := start(t, bin, data, dbURL, addr)
	lng, lat := 123.8005, 41.3005
	if resp, err := http.Get(fmt.Sprintf("http://%s/api/v1/locate?lat=%f&lng=%f", addr, lat, lng)); err != nil || resp.StatusCode != 200 {
		t.Fatalf("the sample point is in no demo grid: %v %v", resp, err)
	}

	var (
		mu      sync.Mutex
		acked   = map[string]string{} // key → number
		pending = map[string]bool{}   // sent, no answer
	)
	client := &http.Client{Timeout: 10 * time.Second}
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ctx.Err() == nil && i < 5000; i++ {
				key := fmt.Sprintf("crash-%d-%d", w, i)
				number, ok, err := file(client, addr, key, lng, lat)
				mu.Lock()
				switch {
				case err != nil:
					t.Error(err)
				case ok:
					acked[key] = number
				default:
					pending[key] = true
				}
				mu.Unlock()
				if !ok {
					return // the server is gone
				}
			}
		}(w)
	}
	time.Sleep(1500 * time.Millisecond)
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	srv.cmd.Wait()
	stop()
	wg.Wait()
	mu.Lock()
	before := len(acked)
	mu.Unlock()
	if before < 20 {
		t.Fatalf("only %d orders acknowledged before the kill; the test proves nothing", before)
	}

	// Restart and retry what never got an answer, as a client would.
	srv = start(t, bin, data, dbURL, addr)
	defer func() { srv.cmd.Process.Signal(syscall.SIGTERM); srv.cmd.Wait() }()
	for key := range pending {
		number, ok, err := file(client, addr, key, lng, lat)
		if err != nil || !ok {
			t.Fatalf("retry %s after restart: %v (answered %v)", key, err, ok)
		}
		acked[key] = number
	}
	// Replaying every acknowledged key returns the same number: the order
	// is there, once.
	for key, number := range acked {
		got, ok, err := file(client, addr, key, lng, lat)
		if err != nil || !ok || got != number {
			t.Fatalf("key %s acknowledged as %s, replay gives %q (%v)", key, number, got, err)
		}
	}
	db, err := store.Open(context.Background(), dbURL, data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var orders, keys int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*), COUNT(DISTINCT idempotency_key) FROM orders WHERE idempotency_key LIKE 'crash-%'`).Scan(&orders, &keys); err != nil {
		t.Fatal(err)
	}
	if orders != len(acked) || keys != len(acked) {
		t.Fatalf("%d test orders with %d keys stored, want exactly the %d acknowledged", orders, keys, len(acked))
	}
	t.Logf("%d orders acknowledged before SIGKILL, %d in flight retried, all present exactly once", before, len(pending))
}
