package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"civicgrid/internal/consultation"
	"civicgrid/internal/grid"
	"civicgrid/internal/notice"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
)

// runConsult: 征询 from the command line — list, result, open, close and
// the owners' codes as CSV for a mail merge of the printed notices.
func runConsult(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "consult", args, map[string]func(context.Context, Env, []string) error{
		"list":   consultList,
		"result": consultResult,
		"open":   consultMove(consultation.Open),
		"close":  consultMove(consultation.Close),
		"codes":  consultCodes,
	}, ctx)
}

// consultID parses the one argument left after the flags.
func consultID(args []string) (int64, error) {
	if len(args) != 1 {
		return 0, fmt.Errorf("%w: name one consultation id", ErrUsage)
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%w: %q is not a consultation id", ErrUsage, args[0])
	}
	return id, nil
}

func consultList(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("consult list", "consult list [--year YYYY]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	year := fs.Int("year", 0, "year (0: every year)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	// The command line sees the whole deployment: every province's.
	provinces, err := consultation.Provinces(ctx, db)
	if err != nil {
		return err
	}
	var cs []consultation.Consultation
	for _, p := range provinces {
		some, err := consultation.List(ctx, db, grid.CommandLine(p).Scope, *year, 0)
		if err != nil {
			return err
		}
		cs = append(cs, some...)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tyear\t小区\tstage\tstatus\thouses\ttitle\t")
	for _, c := range cs {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%d\t%s\t\n", c.ID, c.Year, c.EstateName, c.StageName(), c.StatusName(), c.Houses, c.Title)
	}
	fmt.Fprintf(tw, "%d consultations\n", len(cs))
	return tw.Flush()
}

func consultResult(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("consult result", "consult result ID", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	id, err := consultID(fs.Args())
	if err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	ed, err := consultation.CommandLine(ctx, db, id)
	if err != nil {
		return err
	}
	r, err := consultation.ResultOf(ctx, db, ed.Scope, id)
	if err != nil {
		return err
	}
	m2 := project.Yuan
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s（%s，%s）\n", r.Title, r.StageName(), r.StatusName())
	fmt.Fprintf(tw, "\tarea m²\towners\thouseholds\t\n")
	fmt.Fprintf(tw, "eligible\t%s\t%d\t%d\t\n", m2(r.EligibleArea), r.EligibleOwners, r.EligibleHouses)
	fmt.Fprintf(tw, "participating\t%s\t%d\t%d\t\n", m2(r.ParticipatingArea), r.ParticipatingOwners, r.Ballots)
	fmt.Fprintf(tw, "yes\t%s\t%d\t%d\t\n", m2(r.YesArea), r.YesOwners, r.YesHouses)
	for _, o := range r.Options {
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\tpassed=%v\n", o.Name, m2(o.YesArea), o.YesOwners, o.YesHouses, o.Passed)
	}
	fmt.Fprintf(tw, "rule %s: %s\npassed=%v %s\n", r.Rule, r.RuleText, r.Passed, r.Reason)
	return tw.Flush()
}

type consultStep = func(ctx context.Context, q store.Querier, ed grid.Editor, id int64, now time.Time) error

func consultMove(step consultStep) func(context.Context, Env, []string) error {
	return func(ctx context.Context, env Env, args []string) error {
		fs := newFlagSet("consult open|close", "consult open|close ID", env.Stderr)
		var sf storeFlags
		sf.register(fs)
		if err := fs.Parse(args); err != nil {
			return err
		}
		id, err := consultID(fs.Args())
		if err != nil {
			return err
		}
		db, err := sf.open(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		err = db.InTx(ctx, func(tx *store.Tx) error {
			ed, err := consultation.CommandLine(ctx, tx, id)
			if err != nil {
				return err
			}
			return step(ctx, tx, ed, id, time.Now())
		})
		if err != nil {
			return err
		}
		c, err := consultation.Get(ctx, db, mustEditor(ctx, db, id).Scope, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "consultation %d: %s\n", c.ID, c.StatusName())
		return nil
	}
}

func mustEditor(ctx context.Context, q store.Querier, id int64) grid.Editor {
	ed, _ := consultation.CommandLine(ctx, q, id)
	return ed
}

// consultCodes writes house,address,code,expires_at,delivery as CSV. A
// code on its way by SMS (delivery pending) has no code column; the
// others are for the printed slips.
func consultCodes(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("consult codes", "consult codes [--house ID] [--ttl-hours N] ID", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	house := fs.Int64("house", 0, "one house only (default: every house)")
	ttl := fs.Int("ttl-hours", 0, "how long the codes work (default 14 days)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	id, err := consultID(fs.Args())
	if err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var houses []int64
	if *house > 0 {
		houses = []int64{*house}
	}
	// The codes go by SMS (sent by the server's notifier) when the same
	// settings as serve's configure a sender; otherwise they are printed.
	keys, err := sf.keys()
	if err != nil {
		return err
	}
	sender, err := notice.CodeSenderFromEnv(os.Getenv, db, keys, slog.New(slog.NewTextHandler(env.Stderr, nil)))
	if err != nil {
		return err
	}
	dl := consultation.Delivery{Keys: keys, SMS: sender != nil}
	var codes []consultation.IssuedCode
	var desk []consultation.DeskHouse
	err = db.InTx(ctx, func(tx *store.Tx) error {
		ed, err := consultation.CommandLine(ctx, tx, id)
		if err != nil {
			return err
		}
		if codes, err = consultation.IssueCodes(ctx, tx, ed, dl, id, houses, time.Duration(*ttl)*time.Hour, time.Now()); err != nil {
			return err
		}
		desk, err = consultation.DeskHouses(ctx, tx, ed, id)
		return err
	})
	if err != nil {
		return err
	}
	address := map[int64]string{}
	for _, h := range desk {
		address[h.HouseID] = h.Address
	}
	w := csv.NewWriter(env.Stdout)
	_ = w.Write([]string{"house", "address", "code", "expires_at", "delivery"})
	for _, c := range codes {
		_ = w.Write([]string{strconv.FormatInt(c.HouseID, 10), address[c.HouseID], c.Code, c.ExpiresAt.Format(time.RFC3339), c.Delivery})
	}
	w.Flush()
	return w.Error()
}
