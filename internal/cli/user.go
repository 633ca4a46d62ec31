package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/calendar"
)

func runUser(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "user", args, map[string]func(context.Context, Env, []string) error{
		"add":    runUserAdd,
		"passwd": runUserPasswd,
		"token":  runUserToken,
		"tokens": runUserTokens,
	}, ctx)
}

func runUserAdd(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("user add", "user add --username U --role ROLE (--node CODE | --department CODE) [--name 显示名] < password", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	username := fs.String("username", "", "sign-in name (letters, digits, _ . -)")
	role := fs.String("role", "", "one of: "+strings.Join(auth.Roles(), ", "))
	node := fs.String("node", "", "org node (region code) the user belongs to")
	dept := fs.String("department", "", "department code the user belongs to")
	name := fs.String("name", "", "display name (defaults to the username)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" || *role == "" || (*node == "") == (*dept == "") {
		fs.Usage()
		return fmt.Errorf("%w: --username, --role and exactly one of --node or --department are required", ErrUsage)
	}
	pw, err := readSecret(env.Stdin)
	if err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := auth.CreateUser(ctx, db, auth.NewUser{Username: *username, DisplayName: *name, Role: *role,
		NodeCode: *node, DepartmentCode: *dept, Password: pw}, auth.Actor{})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "user %s added (id %d, role %s, %s)\n", u.Username, u.ID, u.Role, placeOf(u))
	return nil
}

func placeOf(u auth.User) string {
	if u.NodeCode != "" {
		return "node " + u.NodeCode
	}
	return "department " + u.DepartmentCode
}

func runUserPasswd(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("user passwd", "user passwd --username U < password", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	username := fs.String("username", "", "whose password to set")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" {
		fs.Usage()
		return fmt.Errorf("%w: --username is required", ErrUsage)
	}
	pw, err := readSecret(env.Stdin)
	if err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := auth.SetPassword(ctx, db, *username, pw, auth.Actor{}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "password of %s set; the lockout, if any, is cleared\n", *username)
	return nil
}

// runUserToken prints a new API token alone on the last line, so scripts
// can take it with tail -n 1; with --revoke it revokes one instead.
func runUserToken(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("user token", "user token --username U [--name LABEL] [--ttl 90d]  |  user token --revoke ID", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	username := fs.String("username", "", "whose token")
	label := fs.String("name", "command line", "what the token is for")
	ttl := auth.DefaultTokenTTL
	fs.Func("ttl", "how long the token lives, from 1h to 366d, e.g. 90d or 12h (default 90d)", func(s string) error {
		d, err := parseDays(s)
		if err == nil && d <= 0 {
			err = fmt.Errorf("%q: a token must live a while", s)
		}
		ttl = d
		return err
	})
	revoke := fs.Int64("revoke", 0, "revoke the token with this id (see: user tokens) instead of issuing one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*username == "") == (*revoke == 0) {
		fs.Usage()
		return fmt.Errorf("%w: give --username to issue a token, or --revoke ID to revoke one", ErrUsage)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if *revoke != 0 {
		t, err := auth.GetToken(ctx, db, *revoke)
		if err != nil {
			return err
		}
		if err := auth.RevokeToken(ctx, db, t.UserID, t.ID, auth.Actor{}); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "token %d (%s) revoked\n", t.ID, t.Name)
		return nil
	}
	u, err := auth.GetUserByUsername(ctx, db, *username)
	if err != nil {
		return err
	}
	tok, err := auth.CreateTokenTTL(ctx, db, u.ID, *label, ttl, auth.Actor{})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "API token for %s, valid until %s (shown once; send it as Authorization: Bearer …):\n%s\n",
		u.Username, time.Now().Add(ttl).In(calendar.DefaultLocation()).Format("2006-01-02 15:04"), tok)
	return nil
}

// runUserTokens lists a user's tokens: id, name, created, last used,
// expires and state.
func runUserTokens(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("user tokens", "user tokens --username U", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	username := fs.String("username", "", "whose tokens")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" {
		fs.Usage()
		return fmt.Errorf("%w: --username is required", ErrUsage)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := auth.GetUserByUsername(ctx, db, *username)
	if err != nil {
		return err
	}
	list, err := auth.ListTokens(ctx, db, u.ID)
	if err != nil {
		return err
	}
	now := time.Now()
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tname\tcreated\tlast used\texpires\tstate")
	for _, t := range list {
		state := "valid"
		switch {
		case !t.RevokedAt.IsZero():
			state = "revoked " + cliTime(t.RevokedAt)
		case !t.Valid(now):
			state = "expired"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, cliTime(t.CreatedAt), cliTime(t.LastUsedAt), cliTime(t.ExpiresAt), state)
	}
	tw.Flush()
	if len(list) == 0 {
		fmt.Fprintf(env.Stdout, "%s has no API tokens\n", u.Username)
	}
	return nil
}

// cliTime shows a time in the deployment's zone, "-" for never.
func cliTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(calendar.DefaultLocation()).Format("2006-01-02 15:04")
}

// parseDays reads a duration that may count days: 90d, 36h, 1d12h.
func parseDays(s string) (time.Duration, error) {
	days := time.Duration(0)
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 0 {
			return 0, fmt.Errorf("%q is not a duration such as 90d or 12h", s)
		}
		days, s = time.Duration(n)*24*time.Hour, s[i+1:]
		if s == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as 90d or 12h", s)
	}
	return days + d, nil
}
