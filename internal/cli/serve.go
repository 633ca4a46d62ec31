package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/bulletin"
	"civicgrid/internal/consultation"
	"civicgrid/internal/exchange"
	"civicgrid/internal/notice"
	"civicgrid/internal/notify"
	"civicgrid/internal/server"
)

func runServe(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("serve", "serve [--addr 127.0.0.1:8080] [--data DIR] [--db URL]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	addr := fs.String("addr", envOr("CIVICGRID_ADDR", "127.0.0.1:8080"), "listen address (env CIVICGRID_ADDR)")
	var nf netFlags
	nf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return serve(ctx, sf, nf, *addr)
}

func serve(ctx context.Context, sf storeFlags, nf netFlags, addr string) error {
	proxies, limits, err := nf.parse()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	metrics, err := nf.metrics()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	log := setupLogging()
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	log.Info("store ready", "where", db.Where)
	// A bad notification setting stops the start instead of silently
	// dropping messages.
	sinks, err := notify.SinksFromEnv(os.Getenv, log)
	if err != nil {
		return err
	}
	policy := auth.DefaultPolicy()
	var replySecret []byte
	if s := os.Getenv("CIVICGRID_SMS_REPLY_SECRET"); s != "" {
		if len(s) < 16 {
			return fmt.Errorf("CIVICGRID_SMS_REPLY_SECRET: want at least 16 bytes (got %d)", len(s))
		}
		replySecret = []byte(s)
	}
	if proxies.String() != "" {
		log.Info("X-Forwarded-For believed from", "trusted_proxies", proxies.String())
	}
	log.Info("/metrics open to", "who", metrics.String())
	bulletinMailer, err := bulletin.MailerFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	// 征询 codes go by SMS when a provider and a consultation_code template
	// are configured; otherwise every code is printed at the desk.
	keys, err := sf.keys()
	if err != nil {
		return err
	}
	codes, err := notice.CodeSenderFromEnv(os.Getenv, db, keys, log)
	if err != nil {
		return err
	}
	app, err := server.New(ctx, server.Options{CodeSMS: codes != nil, DB: db, DataDir: sf.data, Policy: policy,
		TrustedProxies: proxies, Limits: limits, SMSReplySecret: replySecret, Metrics: metrics,
		BulletinMailer: bulletinMailer, BaseURL: strings.TrimSpace(os.Getenv("CIVICGRID_NOTICE_BASE_URL")), Logger: log,
		PIIKeys: piiKeys(), TileURL: os.Getenv("CIVICGRID_TILE_URL"), TileAttribution: os.Getenv("CIVICGRID_TILE_ATTRIBUTION")})
	if err != nil {
		return err
	}
	// Residents hear back (internal/notice) when CIVICGRID_NOTICE_BASE_URL
	// is set; a bad template or provider setting stops the start.
	resident, err := notice.ResidentFromEnv(os.Getenv, db, app.Orders, log)
	if err != nil {
		return err
	}
	if resident != nil {
		sinks = append(sinks, resident)
	}
	if codes != nil {
		sinks = append(sinks, notify.OnlyTopics(codes, consultation.CodeTopic))
	}
	// The exchange forwards orders downstream and reports status upstream
	// through the outbox (docs/exchange.md); without links it does nothing.
	sinks = append(sinks, notify.OnlyTopics(app.Exchange.Sink(), exchange.Topics...))
	if err := server.Background(ctx, app, db, policy, sinks); err != nil {
		return err
	}
	return server.Serve(ctx, addr, app.Handler, log)
}

// setupLogging makes the server's logger: structured text on stderr;
// CIVICGRID_LOG=debug shows every request, CIVICGRID_LOG_FORMAT=json suits
// log shippers. It is passed to everything that logs; it is also the
// default, for libraries that log through slog's default.
func setupLogging() *slog.Logger {
	level := slog.LevelInfo
	if os.Getenv("CIVICGRID_LOG") == "debug" {
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(os.Stderr, opts)
	if os.Getenv("CIVICGRID_LOG_FORMAT") == "json" {
		h = slog.NewJSONHandler(os.Stderr, opts)
	}
	log := slog.New(h)
	slog.SetDefault(log)
	return log
}
