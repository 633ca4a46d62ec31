package cli

import (
	"errors"
	"testing"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/ratelimit"
)

// A bad proxy list or limit stops serve and demo before anything opens.
func TestServeRefusesBadNetworkFlags(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"serve", "--data", dir, "--trusted-proxies", "proxy.example"},
		{"serve", "--data", dir, "--limit-intake", "500"},
		{"demo", "--data", dir, "--limit-signin", "10/forever"},
		{"serve", "--data", dir, "--metrics-allow", "10.0.0.0/40"},
		{"demo", "--data", dir, "--metrics-token", "short"},
	} {
		if out, err := run(t, "", args...); !errors.Is(err, ErrUsage) {
			t.Errorf("%v: %v, want a usage error\n%s", args, err, out)
		}
	}
	t.Setenv(httpx.TrustedProxiesEnv, "10.0.0.0/40")
	if _, err := run(t, "", "serve", "--data", dir); !errors.Is(err, ErrUsage) {
		t.Errorf("a bad %s: %v, want a usage error", httpx.TrustedProxiesEnv, err)
	}
}

func TestNetFlagsDefaultsAndEnvironment(t *testing.T) {
	t.Setenv(httpx.TrustedProxiesEnv, "10.0.0.0/8,192.0.2.7")
	t.Setenv("CIVICGRID_LIMIT_TRACK", "off")
	fs := newFlagSet("serve", "", nil)
	var nf netFlags
	nf.register(fs)
	if err := fs.Parse([]string{"--limit-intake", "5/1m"}); err != nil {
		t.Fatal(err)
	}
	proxies, limits, err := nf.parse()
	if err != nil {
		t.Fatal(err)
	}
	if proxies.String() != "10.0.0.0/8,192.0.2.7/32" {
		t.Errorf("proxies = %s", proxies)
	}
	want := httpx.Limits{Intake: ratelimit.Rule{Events: 5, Per: time.Minute}, SignIn: httpx.DefaultLimits().SignIn}
	if limits != want {
		t.Errorf("limits = %+v, want %+v", limits, want)
	}
	if m, err := nf.metrics(); err != nil || m.String() != "127.0.0.0/8,::1/128" {
		t.Errorf("metrics access by default = %s (%v), want loopback", m, err)
	}
	t.Setenv("CIVICGRID_METRICS_TOKEN", "prometheus-scrape-token-42")
	fs = newFlagSet("serve", "", nil)
	nf = netFlags{}
	nf.register(fs)
	if err := fs.Parse([]string{"--metrics-allow", "10.20.0.0/16"}); err != nil {
		t.Fatal(err)
	}
	if m, err := nf.metrics(); err != nil || m.String() != "10.20.0.0/16,bearer token" {
		t.Errorf("metrics access = %s (%v)", m, err)
	}
}
