package notice

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"

	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Configuration from the environment (ResidentFromEnv). Nothing is sent
// to residents unless CIVICGRID_NOTICE_BASE_URL is set:
//
//	CIVICGRID_NOTICE_BASE_URL    the public site the links point to (required)
//	CIVICGRID_NOTICE_DAILY_CAP   notices per number per day (default 5)
//	CIVICGRID_SMS_PROVIDER       aliyun, tencent or http (none: no SMS)
//	CIVICGRID_SMS_KEY_ID         AccessKey ID / SecretId (aliyun, tencent)
//	CIVICGRID_SMS_KEY_SECRET     AccessKey secret / SecretKey (aliyun, tencent)
//	CIVICGRID_SMS_SDK_APP_ID     SmsSdkAppId (tencent)
//	CIVICGRID_SMS_ENDPOINT       the provider's endpoint (default the public one; the URL for http)
//	CIVICGRID_SMS_SECRET         HMAC key of the http gateway (≥ 16 bytes)
//	CIVICGRID_SMS_TEMPLATES      JSON file: {"sign": "明山区12345", "templates": {"accepted": {"code": …, "text": …}, …}}
//	                             (consultation_code, optional, sends 征询 codes: CodeSenderFromEnv)
//	CIVICGRID_SMS_SIGN           the sign with the shipped templates (when no file is given)
//	CIVICGRID_NOTICE_SMTP_ADDR   host:port of the relay for e-mail to residents
//	CIVICGRID_NOTICE_MAIL_FROM   their sender address
//
// Every setting is checked at start: a bad one stops the server rather
// than lose notices later.

// ResidentFromEnv builds the resident sink the environment asks for, or
// nil when CIVICGRID_NOTICE_BASE_URL is unset.
func ResidentFromEnv(getenv func(string) string, db *store.DB, orders *order.Service, logger *slog.Logger) (*Resident, error) {
	base := strings.TrimSpace(getenv("CIVICGRID_NOTICE_BASE_URL"))
	if base == "" {
		return nil, nil
	}
	cfg := ResidentConfig{DB: db, Orders: orders, BaseURL: base, Logger: logger,
		Matter: func(ctx context.Context, code string) (string, error) {
			c, err := category.Get(ctx, db, code)
			return c.NameZh, err
		}}
	if v := strings.TrimSpace(getenv("CIVICGRID_NOTICE_DAILY_CAP")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("notice: CIVICGRID_NOTICE_DAILY_CAP %q: want a whole number ≥ 1", v)
		}
		cfg.DailyCap = n
	}
	var err error
	if cfg.Templates, err = templatesFromEnv(getenv); err != nil {
		return nil, err
	}
	if cfg.SMS, err = smsFromEnv(getenv, cfg.Templates); err != nil {
		return nil, err
	}
	if addr := strings.TrimSpace(getenv("CIVICGRID_NOTICE_SMTP_ADDR")); addr != "" {
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return nil, fmt.Errorf("notice: CIVICGRID_NOTICE_SMTP_ADDR %q: want host:port", addr)
		}
		from, err := mail.ParseAddress(getenv("CIVICGRID_NOTICE_MAIL_FROM"))
		if err != nil {
			return nil, fmt.Errorf("notice: CIVICGRID_NOTICE_MAIL_FROM %q: %v", getenv("CIVICGRID_NOTICE_MAIL_FROM"), err)
		}
		cfg.Mail = &Mailer{Addr: addr, From: from}
	}
	return NewResident(cfg)
}

func templatesFromEnv(getenv func(string) string) (Templates, error) {
	path := strings.TrimSpace(getenv("CIVICGRID_SMS_TEMPLATES"))
	if path == "" {
		return DefaultTemplates(getenv("CIVICGRID_SMS_SIGN")), nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return Templates{}, fmt.Errorf("notice: CIVICGRID_SMS_TEMPLATES: %w", err)
	}
	var ts Templates
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ts); err != nil {
		return Templates{}, fmt.Errorf("notice: CIVICGRID_SMS_TEMPLATES %s: %w", path, err)
	}
	return ts, nil
}

func smsFromEnv(getenv func(string) string, ts Templates) (SMS, error) {
	provider := strings.TrimSpace(getenv("CIVICGRID_SMS_PROVIDER"))
	id, secret, endpoint := getenv("CIVICGRID_SMS_KEY_ID"), getenv("CIVICGRID_SMS_KEY_SECRET"), strings.TrimSpace(getenv("CIVICGRID_SMS_ENDPOINT"))
	if endpoint != "" {
		if u, err := url.Parse(endpoint); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("notice: CIVICGRID_SMS_ENDPOINT %q: want an http(s) URL", endpoint)
		}
	}
	needCodes := func() error {
		for _, ev := range append(slices.Clone(Events), OptionalEvents...) {
			t, ok := ts.Events[ev]
			if !ok && slices.Contains(OptionalEvents, ev) {
				continue
			}
			if strings.TrimSpace(t.Code) == "" {
				return fmt.Errorf("%w: %s: the %s provider needs the template code it registered", ErrTemplate, ev, provider)
			}
		}
		return nil
	}
	switch provider {
	case "":
		return nil, nil
	case "aliyun", "tencent":
		if id == "" || secret == "" {
			return nil, fmt.Errorf("notice: CIVICGRID_SMS_KEY_ID and CIVICGRID_SMS_KEY_SECRET are required for %s", provider)
		}
		if err := needCodes(); err != nil {
			return nil, err
		}
		if provider == "aliyun" {
			return &Aliyun{AccessKeyID: id, AccessKeySecret: secret, Endpoint: endpoint}, nil
		}
		app := strings.TrimSpace(getenv("CIVICGRID_SMS_SDK_APP_ID"))
		if app == "" {
			return nil, fmt.Errorf("notice: CIVICGRID_SMS_SDK_APP_ID is required for tencent")
		}
		return &Tencent{SecretID: id, SecretKey: secret, SdkAppID: app, Endpoint: endpoint}, nil
	case "http":
		key := getenv("CIVICGRID_SMS_SECRET")
		if endpoint == "" || len(key) < 16 {
			return nil, fmt.Errorf("notice: the http provider needs CIVICGRID_SMS_ENDPOINT and CIVICGRID_SMS_SECRET (≥ 16 bytes)")
		}
		return &SignedHTTP{URL: endpoint, Secret: []byte(key)}, nil
	}
	return nil, fmt.Errorf("notice: CIVICGRID_SMS_PROVIDER %q: want aliyun, tencent or http", provider)
}

// CodeSenderFromEnv builds the sender of 征询 codes from the same
// settings as the resident sink, or nil when they send no SMS (no base
// URL, no provider, or a template file without a consultation_code
// template): the codes are then printed.
func CodeSenderFromEnv(getenv func(string) string, db *store.DB, keys *pii.Keyring, logger *slog.Logger) (*CodeSender, error) {
	base := strings.TrimSpace(getenv("CIVICGRID_NOTICE_BASE_URL"))
	if base == "" {
		return nil, nil
	}
	cfg := CodeSenderConfig{DB: db, Keys: keys, BaseURL: base, Logger: logger}
	if v := strings.TrimSpace(getenv("CIVICGRID_NOTICE_DAILY_CAP")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("notice: CIVICGRID_NOTICE_DAILY_CAP %q: want a whole number ≥ 1", v)
		}
		cfg.DailyCap = n
	}
	var err error
	if cfg.Templates, err = templatesFromEnv(getenv); err != nil {
		return nil, err
	}
	if cfg.SMS, err = smsFromEnv(getenv, cfg.Templates); err != nil || cfg.SMS == nil || !cfg.Templates.Has(EventConsultationCode) {
		return nil, err
	}
	return NewCodeSender(cfg)
}
