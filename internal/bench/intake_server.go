package bench

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/server"
	"civicgrid/internal/store"
)

// intakeServer is the civicgrid server the intake bench posts to: the real
// binary's `serve` in a process of its own, so that its peak memory is its
// own, or, when the bench runs inside a test binary that cannot serve, the
// same handler in this process.
type intakeServer struct {
	base string // http://127.0.0.1:PORT
	addr string // 127.0.0.1:PORT
	pid  int    // of the serve process; 0 when in-process
	log  *tailBuffer
	stop func() error
	// kill ends the serve process at once (SIGKILL) and waits for it, as a
	// node that crashes; nil when in-process.
	kill func()
}

// serverStartTimeout bounds migrations, the locator build and the first
// answer of /healthz.
const serverStartTimeout = 60 * time.Second

// startServeProcess runs `civicgrid-bench serve` — the very code of
// `civicgrid serve` (cmd/civicgrid-bench) — from this executable on
// dataDir and, with dbURL, on that PostgreSQL. CIVICGRID_* settings that
// would point it elsewhere or make it log every request are cleared.
func startServeProcess(ctx context.Context, dataDir, dbURL string) (*intakeServer, error) {
	addr, err := freeLoopbackAddr()
	if err != nil {
		return nil, err
	}
	return startServeAt(ctx, dataDir, dbURL, addr)
}

// serveChildEnv tells a test binary started as a server that it is one:
// its TestMain then runs `serve` instead of the tests (main_test.go), so
// the city bench's test can start, kill and restart real server processes.
const serveChildEnv = "CIVICGRID_BENCH_SERVE_CHILD"

// startServeAt is startServeProcess listening on addr: a node restarted
// where it was.
func startServeAt(ctx context.Context, dataDir, dbURL, addr string) (*intakeServer, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find the civicgrid binary: %w", err)
	}
	// Every client is 127.0.0.1: the per-address limits would refuse the
	// bench after a few orders (429), so they are off, as in process.
	args := []string{"serve", "--data", dataDir, "--addr", addr, "--limit-intake", "off", "--limit-signin", "off", "--limit-track", "off"}
	if dbURL != "" {
		args = append(args, "--db", dbURL)
	}
	cmd := exec.Command(exe, args...)
	for _, kv := range os.Environ() {
		switch name, _, _ := strings.Cut(kv, "="); name {
		case "CIVICGRID_DB", "CIVICGRID_DATA", "CIVICGRID_ADDR", "CIVICGRID_LOG":
		default:
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, serveChildEnv+"=1")
	log := &tailBuffer{max: 64 << 10}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s serve: %w", exe, err)
	}
	// done closes when the process has ended (waitErr is then its end),
	// so kill and stop may both be called; exited is for waitHealthy.
	exited, done := make(chan error, 1), make(chan struct{})
	var waitErr error
	go func() {
		waitErr = cmd.Wait()
		close(done)
		exited <- waitErr
	}()
	s := &intakeServer{base: "http://" + addr, addr: addr, pid: cmd.Process.Pid, log: log}
	s.kill = func() {
		_ = cmd.Process.Kill()
		<-done
	}
	s.stop = func() error {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
			if waitErr != nil {
				return fmt.Errorf("civicgrid serve ended with %v; its log ends:\n%s", waitErr, log.String())
			}
			return nil
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-done
			return fmt.Errorf("civicgrid serve did not stop within 30s of SIGTERM; killed")
		}
	}
	if err := waitHealthy(ctx, s.base, exited); err != nil {
		_ = cmd.Process.Kill()
		return nil, fmt.Errorf("%w; its log ends:\n%s", err, log.String())
	}
	return s, nil
}

// startInProcess serves the same handler `civicgrid serve` builds, on db,
// from this process, with the same background duties.
func startInProcess(ctx context.Context, db *store.DB, dataDir string) (*intakeServer, error) {
	policy := auth.DefaultPolicy()
	app, err := server.New(ctx, server.Options{DB: db, DataDir: dataDir, Policy: policy})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	// No notification sinks: a bench measures intake, not delivery.
	if err := server.Background(sctx, app, db, policy, nil); err != nil {
		cancel()
		ln.Close()
		return nil, err
	}
	go func() { done <- server.ServeListener(sctx, ln, app.Handler, app.Log) }()
	s := &intakeServer{base: "http://" + ln.Addr().String(), log: &tailBuffer{max: 1}}
	s.stop = func() error {
		cancel()
		return <-done
	}
	if err := waitHealthy(ctx, s.base, done); err != nil {
		cancel()
		return nil, err
	}
	return s, nil
}

// waitHealthy polls /healthz until it answers 200, the server ends, or the
// start timeout passes.
func waitHealthy(ctx context.Context, base string, ended <-chan error) error {
	deadline := time.Now().Add(serverStartTimeout)
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/healthz", nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-ended:
			return fmt.Errorf("the server ended before it answered /healthz: %v", err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the server did not answer /healthz within %v", serverStartTimeout)
		}
	}
}

// peakRSS is the server's peak resident memory (VmHWM) and what it covers.
func (s *intakeServer) peakRSS() (int64, string, error) {
	if s.pid == 0 {
		n, err := PeakRSS()
		return n, "VmHWM of this process, which ran the server in-process", err
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.pid))
	if err != nil {
		return 0, "", fmt.Errorf("peak RSS of pid %d: %w", s.pid, err)
	}
	n, err := parseVmHWM(data)
	return n, fmt.Sprintf("VmHWM of the civicgrid serve process, pid %d", s.pid), err
}

// cpuTime is the user+system CPU time the server's process has used so
// far (of the whole process when it runs in-process).
func (s *intakeServer) cpuTime() (time.Duration, error) {
	path := "/proc/self/stat"
	if s.pid != 0 {
		path = fmt.Sprintf("/proc/%d/stat", s.pid)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return parseStatCPU(string(data))
}

// parseStatCPU reads utime and stime (fields 14 and 15, in USER_HZ = 1/100 s
// ticks on Linux) from /proc/PID/stat; the fields are counted after the
// command name's closing parenthesis, which may itself hold spaces.
func parseStatCPU(stat string) (time.Duration, error) {
	i := strings.LastIndexByte(stat, ')')
	fields := strings.Fields(stat[i+1:])
	if i < 0 || len(fields) < 13 {
		return 0, fmt.Errorf("cannot read CPU times from %.60q", stat)
	}
	var ticks int64
	for _, f := range fields[11:13] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("cannot read CPU times from %.60q", stat)
		}
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond, nil
}

func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// tailBuffer keeps the last max bytes written to it: the end of a server's
// log, for the error when it fails.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
