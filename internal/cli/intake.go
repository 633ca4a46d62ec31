package cli

import (
	"context"
	"fmt"

	"civicgrid/internal/mailbox"
)

func runIntake(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "intake", args, map[string]func(context.Context, Env, []string) error{
		"mail": runIntakeMail,
	}, ctx)
}

// runIntakeMail keeps one RFC 5322 message from standard input in the
// hotline's mailbox, where operators file it as an order. Made for an MTA
// pipe (postfix: `12345: "|civicgrid intake mail --data /srv/civicgrid"`):
// an unreadable message is an error, so the MTA bounces it to the sender;
// a redelivered one is kept once.
func runIntakeMail(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("intake mail", "intake mail < message.eml", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: the message comes on standard input", ErrUsage)
	}
	m, err := mailbox.Parse(env.Stdin)
	if err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	keys, err := sf.keys()
	if err != nil {
		return err
	}
	id, dup, err := (&mailbox.Box{DB: db, Keys: keys}).Receive(ctx, m)
	if err != nil {
		return err
	}
	if dup {
		fmt.Fprintf(env.Stdout, "mail %d was already received; kept once\n", id)
		return nil
	}
	fmt.Fprintf(env.Stdout, "mail %d received: %q (%d attachments not kept)\n", id, m.Subject, m.Attachments)
	return nil
}
