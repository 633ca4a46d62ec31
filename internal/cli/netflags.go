package cli

import (
	"flag"
	"os"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/ratelimit"
)

// netFlags are serve's flags about the network in front of it: which
// proxies to believe about client addresses, and the per-address limits
// on anonymous requests (docs/security.md).
type netFlags struct {
	proxies               string
	intake, signIn, track string
	metricsAllow          string
	metricsToken          string
}

func (n *netFlags) register(fs *flag.FlagSet) {
	d := httpx.DefaultLimits()
	fs.StringVar(&n.proxies, "trusted-proxies", os.Getenv(httpx.TrustedProxiesEnv),
		"reverse proxies whose X-Forwarded-For names the client, as CIDR,… (env "+httpx.TrustedProxiesEnv+"); none by default")
	fs.StringVar(&n.intake, "limit-intake", envOr("CIVICGRID_LIMIT_INTAKE", d.Intake.String()),
		"anonymous orders per client address, N/DURATION or off (env CIVICGRID_LIMIT_INTAKE)")
	fs.StringVar(&n.signIn, "limit-signin", envOr("CIVICGRID_LIMIT_SIGNIN", d.SignIn.String()),
		"sign-in attempts per client address, N/DURATION or off (env CIVICGRID_LIMIT_SIGNIN)")
	fs.StringVar(&n.track, "limit-track", envOr("CIVICGRID_LIMIT_TRACK", d.TrackFailures.String()),
		"failed tracking lookups per client address, N/DURATION or off (env CIVICGRID_LIMIT_TRACK)")
	fs.StringVar(&n.metricsAllow, "metrics-allow", envOr("CIVICGRID_METRICS_ALLOW", httpx.DefaultMetricsAllow),
		"client addresses that may read /metrics, as CIDR,… or none (env CIVICGRID_METRICS_ALLOW)")
	fs.StringVar(&n.metricsToken, "metrics-token", os.Getenv("CIVICGRID_METRICS_TOKEN"),
		"bearer token that opens /metrics from anywhere, ≥ 16 characters; prefer the env CIVICGRID_METRICS_TOKEN, flags show in ps")
}

// metrics checks the /metrics access flags; a bad value stops the start.
func (n *netFlags) metrics() (httpx.MetricsAccess, error) {
	return httpx.ParseMetricsAccess(n.metricsAllow, n.metricsToken)
}

// parse checks the flags; a bad value stops the start.
func (n *netFlags) parse() (httpx.Proxies, httpx.Limits, error) {
	proxies, err := httpx.ParseProxies(n.proxies)
	if err != nil {
		return httpx.Proxies{}, httpx.Limits{}, err
	}
	var l httpx.Limits
	for _, f := range []struct {
		s    string
		rule *ratelimit.Rule
	}{{n.intake, &l.Intake}, {n.signIn, &l.SignIn}, {n.track, &l.TrackFailures}} {
		if *f.rule, err = ratelimit.ParseRule(f.s); err != nil {
			return httpx.Proxies{}, httpx.Limits{}, err
		}
	}
	return proxies, l, nil
}
