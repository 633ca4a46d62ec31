package cli

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"text/tabwriter"

	"civicgrid/internal/auth"
	"civicgrid/internal/bulletin"
	"civicgrid/internal/grid"
	"civicgrid/internal/org"
	"civicgrid/internal/server"
	"civicgrid/internal/zone"
)

func runBulletin(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "bulletin", args, map[string]func(context.Context, Env, []string) error{
		"show":      runBulletinShow,
		"recipient": runBulletinRecipient,
		"send":      runBulletinSend,
	}, ctx)
}

func runBulletinRecipient(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "bulletin recipient", args, map[string]func(context.Context, Env, []string) error{
		"add":    runBulletinRecipientAdd,
		"list":   runBulletinRecipientList,
		"remove": runBulletinRecipientRemove,
	}, ctx)
}

// bulletinService opens the store and builds the bulletins on it, mailing
// through the relay of CIVICGRID_SMTP_ADDR when one is set. root is the
// province the store holds, for the commands that act on all of it.
func bulletinService(ctx context.Context, sf storeFlags) (svc *bulletin.Service, root string, done func(), err error) {
	db, err := sf.open(ctx)
	if err != nil {
		return nil, "", nil, err
	}
	mailer, err := bulletin.MailerFromEnv(os.Getenv)
	if err != nil {
		db.Close()
		return nil, "", nil, err
	}
	roots, err := org.Roots(ctx, db)
	if err != nil {
		db.Close()
		return nil, "", nil, err
	}
	if len(roots) > 0 {
		root = roots[0].Code
	}
	app, err := server.New(ctx, server.Options{DB: db, DataDir: sf.data, PIIKeys: piiKeys(), Policy: auth.DefaultPolicy(), BulletinMailer: mailer,
		BaseURL: os.Getenv("CIVICGRID_NOTICE_BASE_URL")})
	if err != nil {
		db.Close()
		return nil, "", nil, err
	}
	return app.Bulletins, root, func() { db.Close() }, nil
}

// bulletinCommandLine reads bulletins and keeps their lists as the
// deployment's owner does.
func bulletinCommandLine(node string) bulletin.Actor {
	ed := grid.CommandLine(node)
	return bulletin.Actor{Role: ed.Role, Scope: ed.Scope}
}

// runBulletinShow prints a bulletin in brief, or writes its workbook.
func runBulletinShow(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("bulletin show", "bulletin show --node CODE [--kind week|month] [--date YYYY-MM-DD] [--xlsx FILE]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	node := fs.String("node", "", "the district (6 digits) or street (9 digits)")
	kind := fs.String("kind", "week", "week (周报) or month (月报)")
	date := fs.String("date", "", "the bulletin of the last complete period before this day (default today)")
	xlsx := fs.String("xlsx", "", "write the workbook to this file instead of printing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *node == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: --node is required", ErrUsage)
	}
	svc, _, done, err := bulletinService(ctx, sf)
	if err != nil {
		return err
	}
	defer done()
	b, err := svc.Bulletin(ctx, bulletinCommandLine(*node), *node, *kind, *date)
	if err != nil {
		return err
	}
	if *xlsx == "" {
		fmt.Fprint(env.Stdout, bulletin.Text(b, bulletin.Chinese, ""))
		return nil
	}
	f, err := os.Create(*xlsx)
	if err != nil {
		return err
	}
	if err := bulletin.WriteWorkbook(f, b, bulletin.Chinese, zone.Shanghai()); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s written to %s\n", bulletin.Chinese.Title(b), *xlsx)
	return nil
}

func runBulletinRecipientAdd(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("bulletin recipient add", "bulletin recipient add --node CODE --kind week|month --name NAME --email ADDRESS", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	node := fs.String("node", "", "the district or street")
	kind := fs.String("kind", "week", "week (周报) or month (月报)")
	name := fs.String("name", "", "the recipient's name")
	email := fs.String("email", "", "the recipient's e-mail address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *node == "" || *name == "" || *email == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: --node, --name and --email are required", ErrUsage)
	}
	svc, _, done, err := bulletinService(ctx, sf)
	if err != nil {
		return err
	}
	defer done()
	r, err := svc.AddRecipient(ctx, bulletinCommandLine(*node), bulletin.NewRecipient{Node: *node, Kind: *kind, Name: *name, Email: *email})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "recipient %d: %s <%s> receives the %s bulletin of %s\n", r.ID, r.Name, r.Email, r.Kind, r.NodeName)
	return nil
}

func runBulletinRecipientList(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("bulletin recipient list", "bulletin recipient list", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	svc, root, done, err := bulletinService(ctx, sf)
	if err != nil {
		return err
	}
	defer done()
	list, err := svc.Recipients(ctx, bulletinCommandLine(root))
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNODE\tKIND\tNAME\tEMAIL")
	for _, r := range list {
		fmt.Fprintf(w, "%d\t%s %s\t%s\t%s\t%s\n", r.ID, r.Node, r.NodeName, r.Kind, r.Name, r.Email)
	}
	return w.Flush()
}

func runBulletinRecipientRemove(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("bulletin recipient remove", "bulletin recipient remove --id N", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	id := fs.String("id", "", "the recipient's number (bulletin recipient list)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	n, err := strconv.ParseInt(*id, 10, 64)
	if err != nil || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: --id N is required", ErrUsage)
	}
	svc, root, done, err := bulletinService(ctx, sf)
	if err != nil {
		return err
	}
	defer done()
	if err := svc.RemoveRecipient(ctx, bulletinCommandLine(root), n); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "recipient %d removed\n", n)
	return nil
}

// runBulletinSend sends the bulletins that are due now (serve does this
// every ten minutes), for a cron job or a test of the relay.
func runBulletinSend(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("bulletin send", "bulletin send", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	svc, _, done, err := bulletinService(ctx, sf)
	if err != nil {
		return err
	}
	defer done()
	if !svc.MailConfigured() {
		return fmt.Errorf("no mail relay: set CIVICGRID_SMTP_ADDR (host:port) and CIVICGRID_SMTP_FROM")
	}
	n, err := svc.SendDue(ctx)
	fmt.Fprintf(env.Stdout, "%d bulletins sent\n", n)
	return err
}
