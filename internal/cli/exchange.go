package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"civicgrid/internal/auth"
	"civicgrid/internal/exchange"
	"civicgrid/internal/server"
	"civicgrid/internal/zone"
)

func runExchange(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "exchange", args, map[string]func(context.Context, Env, []string) error{
		"link":     runExchangeLink,
		"category": runExchangeCategory,
		"held":     runExchangeHeld,
		"pull":     runExchangePull,
		"forward":  runExchangeForward,
	}, ctx)
}

func runExchangeLink(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "exchange link", args, map[string]func(context.Context, Env, []string) error{
		"add":    runExchangeLinkAdd,
		"list":   runExchangeLinkList,
		"remove": runExchangeLinkRemove,
	}, ctx)
}

func runExchangeCategory(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "exchange category", args, map[string]func(context.Context, Env, []string) error{
		"map":  runExchangeCategoryMap,
		"list": runExchangeCategoryList,
	}, ctx)
}

// exchangeService opens the store and builds the exchange on it.
func exchangeService(ctx context.Context, sf storeFlags) (*exchange.Service, func(), error) {
	db, err := sf.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	app, err := server.New(ctx, server.Options{DB: db, DataDir: sf.data, PIIKeys: piiKeys(), Policy: auth.DefaultPolicy()})
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return app.Exchange, func() { db.Close() }, nil
}

// runExchangeLinkAdd prints the secret and key once, for the other side's
// admin.
func runExchangeLinkAdd(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("exchange link add",
		"exchange link add --name NAME --direction upstream|downstream --url https://… --regions CODE[,CODE] [--secret S --key K]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	name := fs.String("name", "", "the link's name, agreed with the other side")
	direction := fs.String("direction", "", "downstream: a district this instance forwards to; upstream: a platform that sends orders here")
	base := fs.String("url", "", "the peer's base URL (https://…)")
	regions := fs.String("regions", "", "region codes, comma-separated: those the district serves (downstream), or those the upstream may file into (upstream)")
	secret := fs.String("secret", "", "the shared signing secret the other side gave you (default: generate one)")
	key := fs.String("key", "", "the shared reporter key, 32 bytes base64, the other side gave you (default: generate one)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *name == "" || *direction == "" || *base == "" || *regions == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: --name, --direction, --url and --regions are required", ErrUsage)
	}
	ex, done, err := exchangeService(ctx, sf)
	if err != nil {
		return err
	}
	defer done()
	l, err := ex.AddLink(ctx, auth.SystemAdmin(), exchange.LinkInput{Name: *name, Direction: *direction, BaseURL: *base,
		Regions: []string{*regions}, Secret: *secret, Key: *key})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "link %q (%s) to %s for %s added.\n", l.Name, l.Direction, l.BaseURL, strings.Join(l.Regions, ","))
	if *secret == "" || *key == "" {
		fmt.Fprintf(env.Stdout, "Give the other side's admin these, by a trusted channel; they are not shown again:\n")
	}
	fmt.Fprintf(env.Stdout, "secret: %s\nkey: %s\n", l.Secret, l.Key)
	return nil
}

func runExchangeLinkList(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("exchange link list", "exchange link list", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	ex, done, err := exchangeService(ctx, sf)
	if err != nil {
		return err
	}
	defer done()
	links, err := ex.Links(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tDIRECTION\tURL\tREGIONS\tADDED")
	for _, l := range links {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", l.Name, l.Direction, l.BaseURL, strings.Join(l.Regions, ","),
			l.CreatedAt.In(zone.Shanghai()).Format("2006-01-02 15:04"))
	}
	return w.Flush()
}

func runExchangeLinkRemove(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("exchange link remove", "exchange link remove --name NAME", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	name := fs.String("name", "", "the link to remove")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *name == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: --name is required", ErrUsage)
	}
	ex, done, err := exchangeService(ctx, sf)
	if err != nil {
		return err
	}
	defer done()
	if err := ex.RemoveLink(ctx, auth.SystemAdmin(), *name); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "link %q removed\n", *name)
	return nil
}

func runExchangeCategoryMap(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("exchange category map", "exchange category map --link NAME --path 上级/分类/路径 --code LOCAL.CODE", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	link := fs.String("link", "", "the upstream link")
	path := fs.String("path", "", "the upstream's category path, as it sends it")
	code := fs.String("code", "", "the local leaf category code")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *link == "" || *path == "" || *code == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: --link, --path and --code are required", ErrUsage)
	}
	ex, done, err := exchangeService(ctx, sf)
	if err != nil {
		return err
	}
	defer done()
	r, err := ex.MapCategory(ctx, auth.SystemAdmin(), *link, *path, *code)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s → %s mapped; %d held orders filed", *path, *code, len(r.Filed))
	if len(r.Filed) > 0 {
		fmt.Fprintf(env.Stdout, " (%s)", strings.Join(r.Filed, ", "))
	}
	if r.Waiting > 0 {
		fmt.Fprintf(env.Stdout, "; %d still held (see exchange held)", r.Waiting)
	}
	fmt.Fprintln(env.Stdout)
	return nil
}

func runExchangeCategoryList(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("exchange category list", "exchange category list", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	ex, done, err := exchangeService(ctx, sf)
	if err != nil {
		return err
	}
	defer done()
	maps, err := ex.Mappings(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "LINK\tUPSTREAM PATH\tCATEGORY")
	for _, m := range maps {
		fmt.Fprintf(w, "%s\t%s\t%s\n", m.Link, m.UpstreamPath, m.Category)
	}
	return w.Flush()
}

func runExchangeHeld(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("exchange held", "exchange held", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	ex, done, err := exchangeService(ctx, sf)
	if err != nil {
		return err
	}
	defer done()
	held, err := ex.Held(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "LINK\tUPSTREAM ID\tCATEGORY PATH\tRECEIVED\tREASON")
	for _, h := range held {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", h.Link, h.Ref, h.CategoryPath, h.ReceivedAt.In(zone.Shanghai()).Format("2006-01-02 15:04"), h.Reason)
	}
	return w.Flush()
}

func runExchangePull(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("exchange pull", "exchange pull --link NAME", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	link := fs.String("link", "", "the downstream link to pull status events from")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *link == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: --link is required", ErrUsage)
	}
	ex, done, err := exchangeService(ctx, sf)
	if err != nil {
		return err
	}
	defer done()
	n, err := ex.Pull(ctx, *link)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d status events pulled from %q\n", n, *link)
	return nil
}

// runExchangeForward queues an order taken in before its district link
// for that district (exchange.ForwardNow); the running server's notifier
// sends it.
func runExchangeForward(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("exchange forward", "exchange forward --number NUMBER", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	number := fs.String("number", "", "the order to forward down the district link covering its place")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *number == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: --number is required", ErrUsage)
	}
	ex, done, err := exchangeService(ctx, sf)
	if err != nil {
		return err
	}
	defer done()
	to, err := ex.ForwardNow(ctx, auth.SystemAdmin(), *number)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "order %s queued for %q\n", *number, to)
	return nil
}
