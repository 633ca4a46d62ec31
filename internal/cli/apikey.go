package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"civicgrid/internal/apikey"
	"civicgrid/internal/audit"
)

func runAPIKey(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "apikey", args, map[string]func(context.Context, Env, []string) error{
		"add":    runAPIKeyAdd,
		"list":   runAPIKeyList,
		"revoke": runAPIKeyRevoke,
	}, ctx)
}

// runAPIKeyAdd prints the key alone on its last line, so a script can take
// it with tail -n 1; it is shown this once.
func runAPIKeyAdd(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("apikey add", "apikey add --name NAME [--node CODE]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	name := fs.String("name", "", "who the key is for, e.g. fixmystreet")
	node := fs.String("node", "", "limit the key to this region or grid code (default: the whole jurisdiction)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *name == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: --name is required", ErrUsage)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	k, plaintext, err := apikey.Add(ctx, db, *name, *node, audit.Actor{})
	if err != nil {
		return err
	}
	where := "the whole jurisdiction"
	if k.NodeCode != "" {
		where = k.NodeCode
	}
	fmt.Fprintf(env.Stdout, "API key %d %q for %s — store it now, it cannot be shown again:\n%s\n", k.ID, k.Name, where, plaintext)
	return nil
}

func runAPIKeyRevoke(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("apikey revoke", "apikey revoke --name NAME | --id ID", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	name := fs.String("name", "", "revoke the live key with this name")
	id := fs.Int64("id", 0, "revoke the key with this id")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*name == "") == (*id == 0) || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: give --name or --id, one of them", ErrUsage)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var k apikey.Key
	if *name != "" {
		k, err = apikey.RevokeByName(ctx, db, *name, audit.Actor{})
	} else {
		k, err = apikey.RevokeByID(ctx, db, *id, audit.Actor{})
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "API key %d %q revoked at %s\n", k.ID, k.Name, k.RevokedAt.Format("2006-01-02 15:04:05 -07:00"))
	return nil
}

func runAPIKeyList(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("apikey list", "apikey list", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	keys, err := apikey.List(ctx, db)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tNODE\tCREATED\tLAST USED\tREVOKED")
	for _, k := range keys {
		node := k.NodeCode
		if node == "" {
			node = "(all)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, node, keyTime(k.CreatedAt), keyTime(k.LastUsedAt), keyTime(k.RevokedAt))
	}
	return tw.Flush()
}

// keyTime shows a key's time in local time, "-" for one not yet reached.
func keyTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}
