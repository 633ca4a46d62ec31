package server

import (
	"context"
	"log/slog"
	"net/http"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/bulletin"
	"civicgrid/internal/calendar"
	"civicgrid/internal/care"
	"civicgrid/internal/category"
	"civicgrid/internal/classify"
	"civicgrid/internal/communitylife"
	"civicgrid/internal/consultation"
	"civicgrid/internal/exchange"
	"civicgrid/internal/facility"
	"civicgrid/internal/grid"
	"civicgrid/internal/gridtask"
	"civicgrid/internal/http/api"
	"civicgrid/internal/http/exchangeapi"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/http/open311"
	"civicgrid/internal/http/ui"
	"civicgrid/internal/knowledge"
	"civicgrid/internal/mailbox"
	"civicgrid/internal/order"
	"civicgrid/internal/orgunit"
	"civicgrid/internal/people"
	"civicgrid/internal/pii"
	"civicgrid/internal/project"
	"civicgrid/internal/replycheck"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/supervision"
)

// Options are what the handler is built from.
type Options struct {
	DB *store.DB
	// DataDir holds uploads and, unless PIIKeys are given, the key that
	// seals personal data.
	DataDir string
	Policy  auth.Policy
	// Now is the clock; nil means time.Now. Tests move it.
	Now func() time.Time
	// SMSReplySecret verifies the SMS replies (回T退订) a provider or
	// gateway forwards; nil leaves the route refusing everything.
	SMSReplySecret []byte
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client; none by default.
	TrustedProxies httpx.Proxies
	// Limits are the per-address rate limits on anonymous requests; the
	// zero value is off (serve turns httpx.DefaultLimits on).
	Limits httpx.Limits
	// Metrics says who may read /metrics; the zero value is loopback only.
	Metrics httpx.MetricsAccess
	// BulletinMailer mails the 周报/月报 to their recipients; nil sends
	// none. BaseURL is the site's address for the link in the mail.
	BulletinMailer bulletin.Mailer
	BaseURL        string
	// Logger gets the service's log lines, each request's with its id and
	// route (httpx.Log); nil means slog.Default().
	Logger *slog.Logger
	// PIIKeys are the keys from CIVICGRID_PII_KEY (the command line reads
	// it); blank means the key file in DataDir.
	PIIKeys string
	// CodeSMS: a sender of 征询 codes runs (notice.CodeSender among the
	// sinks), so codes of houses whose owner has a phone go by SMS.
	CodeSMS bool
	// TileURL and TileAttribution are the pages' map tiles (ui.Options);
	// empty draws the grids on a plain background.
	TileURL, TileAttribution string
}

// App is the assembled service: the handler and the parts a command may
// still need (the locator, to rebuild after an import).
type App struct {
	Handler  http.Handler
	Locator  *grid.Locator
	Calendar *calendar.Holder
	Orders   *order.Service
	Reports  *report.Reporter
	Tasks    *gridtask.Service
	Mail     *mailbox.Box
	// Addresses searches and keeps the standard addresses (its index
	// follows writes made through it at once).
	Addresses *address.Service
	// People keeps the 实有人口 register.
	People *people.Service
	// Care keeps care groups, members and visits.
	Care *care.Service
	// Exchange links this instance to upstream and downstream platforms
	// (docs/exchange.md); its Sink goes with the notifiers.
	Exchange *exchange.Service
	// Classifier suggests categories from text and retrains the model.
	Classifier *classify.Service
	// Bulletins mails the 周报/月报 when due.
	Bulletins *bulletin.Service
	// Life holds the community-life services (人民调解, 物业 …).
	Life *communitylife.Services
	// Log and Now are the logger and clock the app was built with, for
	// the background duties.
	Log *slog.Logger
	Now func() time.Time
}

// New builds the whole HTTP service on one store.
func New(ctx context.Context, o Options) (*App, error) {
	loc, err := grid.NewLocator(ctx, o.DB)
	if err != nil {
		return nil, err
	}
	cal, err := calendar.Load(ctx, o.DB, nil)
	if err != nil {
		return nil, err
	}
	holder := calendar.NewHolder(cal)
	now := o.Now
	if now == nil {
		now = time.Now
	}
	log := o.Logger
	if log == nil {
		log = slog.Default()
	}
	if warning, missing := cal.MissingYearWarning(now()); missing {
		log.Warn(warning)
	}
	if _, err := category.Seed(ctx, o.DB); err != nil {
		return nil, err
	}
	keys, err := pii.Load(o.DataDir, o.PIIKeys)
	if err != nil {
		return nil, err
	}
	addresses, err := address.NewService(ctx, o.DB, loc)
	if err != nil {
		return nil, err
	}
	units := &orgunit.Service{DB: o.DB, Keys: keys, Addresses: addresses, Now: o.Now}
	facilities := &facility.Service{DB: o.DB, Locator: loc, Now: o.Now}
	orders, err := order.New(order.Config{DB: o.DB, Locator: loc, Clock: calendar.Deadlines{Cal: holder.Calendar, Log: log}, Keys: keys,
		DataDir: o.DataDir, Now: o.Now, Addresses: addresses,
		Facilities: facilityPlaces{facilities}})
	if err != nil {
		return nil, err
	}
	oversight, err := supervision.New(supervision.Config{DB: o.DB, Orders: orders, Now: o.Now})
	if err != nil {
		return nil, err
	}
	reports, err := report.New(report.Config{DB: o.DB, Now: o.Now, Logger: log})
	if err != nil {
		return nil, err
	}
	tasks, err := gridtask.New(gridtask.Config{DB: o.DB, Orders: orders, Now: o.Now})
	if err != nil {
		return nil, err
	}
	register := people.New(o.DB, keys, o.Now)
	careGroups := &care.Service{DB: o.DB, Keys: keys, Orders: orders, Now: o.Now}
	mail := &mailbox.Box{DB: o.DB, Keys: keys, Now: o.Now}
	exch, err := exchange.New(exchange.Config{DB: o.DB, Orders: orders, Keys: keys, Now: o.Now, Logger: log})
	if err != nil {
		return nil, err
	}
	classifier := &classify.Service{DB: o.DB, Now: o.Now, Logger: log}
	orders.SetAutoCategorizer(classifier)
	kb := &knowledge.Service{DB: o.DB, Orders: orders, Now: o.Now}
	bulletins, err := bulletin.New(bulletin.Config{DB: o.DB, Reports: reports, Keys: keys, Orders: orders, Mailer: o.BulletinMailer,
		BaseURL: o.BaseURL, Now: o.Now})
	if err != nil {
		return nil, err
	}
	life, err := communitylife.New(communitylife.Config{DB: o.DB, Keys: keys, Orders: orders, Now: o.Now})
	if err != nil {
		return nil, err
	}
	replies := &replycheck.Service{Orders: orders, Relevance: classifier}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := httpx.NewMetrics(reg)

	throttle := httpx.NewThrottle(o.Limits, o.Now) // one set of buckets for every HTTP layer
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", health(o.DB, holder, now))
	(&api.API{DB: o.DB, Locator: loc, Calendar: holder, Orders: orders, Supervision: oversight, Reports: reports, Tasks: tasks, Addresses: addresses, People: register, Policy: o.Policy, Now: o.Now,
		Units: units, Facilities: facilities, Classifier: classifier,
		Care:           careGroups,
		Knowledge:      kb,
		Replies:        replies,
		Bulletins:      bulletins,
		SMSReplySecret: o.SMSReplySecret, Throttle: throttle, Uploads: project.Uploads(filepath.Join(o.DataDir, "uploads")),
		Codes: consultation.Delivery{Keys: keys, SMS: o.CodeSMS},
		Life:  life}).Register(mux)
	open311.New(open311.Options{DB: o.DB, Orders: orders, Locator: loc, Addresses: addresses, Now: o.Now, Throttle: throttle}).Register(mux)
	(&exchangeapi.Handler{Exchange: exch}).Register(mux)
	pages := ui.New(ui.Options{DB: o.DB, Locator: loc, Calendar: holder, Policy: o.Policy, Now: o.Now,
		Orders: orders, Supervision: oversight, Reports: reports, Tasks: tasks, Mail: mail, People: register, Throttle: throttle,
		Units: units, Facilities: facilities, Classifier: classifier, Exchange: exch, Bulletins: bulletins,
		Care:           careGroups,
		Knowledge:      kb,
		Replies:        replies,
		ProjectUploads: project.Uploads(filepath.Join(o.DataDir, "uploads")),
		Codes:          consultation.Delivery{Keys: keys, SMS: o.CodeSMS},
		BaseURL:        o.BaseURL,
		Life:           life,
		TileURL:        o.TileURL, TileAttribution: o.TileAttribution})
	pages.Register(mux)

	authn := &httpx.Authenticator{DB: o.DB, Policy: o.Policy, Now: o.Now, CSRFFailed: http.HandlerFunc(pages.CSRFFailed)}
	// Order matters: metrics wrap the mux directly so they see the matched
	// route pattern; authentication runs before them.
	var h http.Handler = metrics.Observe(httpx.NoteRoute(mux))
	h = authn.Middleware(h)
	h = metricsFirst(o.Metrics.Guard(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})), h)
	// Text bodies are checked once for every layer, before the CSRF check
	// reads a form (docs/security.md, "Resident-facing endpoints").
	h = httpx.TextBodies{Page: pages.BodyRefused, Open311: open311.BodyRefused}.Middleware(h)
	h = o.TrustedProxies.Middleware(h) // before anything reads ClientIP
	h = httpx.SecurityHeaders(h)
	h = httpx.RequestLog{Logger: log}.Middleware(h) // outermost: every layer logs with the request id
	return &App{Handler: h, Locator: loc, Calendar: holder, Orders: orders, Reports: reports, Tasks: tasks, Mail: mail, Addresses: addresses, People: register,
		Exchange: exch, Classifier: classifier, Bulletins: bulletins,
		Care: careGroups, Life: life, Log: log, Now: now}, nil
}

// metricsFirst answers GET /metrics before authentication: its bearer
// token is the scraper's (httpx.MetricsAccess), not a user's API token.
func metricsFirst(metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/metrics" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			metrics.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// health answers 200 when the store answers within two seconds, with any
// warning an operator must act on (a missing calendar year).
func health(db *store.DB, cal *calendar.Holder, now func() time.Time) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "down", "store": db.Dialect().String(), "error": "store does not answer"})
			return
		}
		out := map[string]any{"status": "ok", "store": db.Dialect().String()}
		if warning, missing := cal.Calendar().MissingYearWarning(now()); missing {
			out["warnings"] = []string{warning}
		}
		httpx.WriteJSON(w, http.StatusOK, out)
	}
}
