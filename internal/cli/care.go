package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"civicgrid/internal/auth"
	"civicgrid/internal/care"
	"civicgrid/internal/store"
)

// runCare: care groups from the command line — the plans and grants an
// admin scripts, the counts, and raising overdue-visit tasks from cron.
// Members and visits are kept on the pages and the API, by the staff who
// know the people.
func runCare(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "care", args, map[string]func(context.Context, Env, []string) error{
		"groups":   runCareGroups,
		"plan":     runCarePlan,
		"grant":    runCareGrant,
		"measures": runCareMeasures,
		"raise":    runCareRaise,
	}, ctx)
}

// careStore opens the store and the care service as the command line's
// actor: an admin over the deployment's root region.
func careStore(ctx context.Context, sf storeFlags) (*store.DB, *care.Service, care.Actor, error) {
	db, err := sf.open(ctx)
	if err != nil {
		return nil, nil, care.Actor{}, err
	}
	keys, err := sf.keys()
	if err != nil {
		db.Close()
		return nil, nil, care.Actor{}, err
	}
	var root string
	err = db.QueryRowContext(ctx, `SELECT code FROM regions WHERE parent_code IS NULL ORDER BY code LIMIT 1`).Scan(&root)
	if errors.Is(err, sql.ErrNoRows) {
		db.Close()
		return nil, nil, care.Actor{}, fmt.Errorf("no regions yet: import divisions first")
	}
	if err != nil {
		db.Close()
		return nil, nil, care.Actor{}, err
	}
	u := auth.User{Role: auth.RoleAdmin, Username: "civicgrid", NodeCode: root}
	return db, &care.Service{DB: db, Keys: keys}, care.Actor{User: u, Scope: auth.ScopeOf(u, "")}, nil
}

func printCareGroup(env Env, g care.Group) {
	fmt.Fprintf(env.Stdout, "%s\t%s\t%s\tevery %d days\tgranted: %v\n", g.Code, g.Kind, g.NameZh, g.FrequencyDays, g.Granted)
}

func runCareGroups(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("care groups", "care groups", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, svc, _, err := careStore(ctx, sf)
	if err != nil {
		return err
	}
	defer db.Close()
	gs, err := svc.Groups(ctx)
	if err != nil {
		return err
	}
	for _, g := range gs {
		printCareGroup(env, g)
	}
	return nil
}

func runCarePlan(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("care plan", "care plan --group CODE --days N", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	group := fs.String("group", "", "group code (care groups lists them)")
	days := fs.Int("days", 0, "visit every N days (1–366)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, svc, act, err := careStore(ctx, sf)
	if err != nil {
		return err
	}
	defer db.Close()
	g, err := svc.SetFrequency(ctx, act, *group, *days)
	if err != nil {
		return err
	}
	printCareGroup(env, g)
	return nil
}

func runCareGrant(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("care grant", "care grant --group CODE --role ROLE [--revoke]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	group := fs.String("group", "", "group code")
	role := fs.String("role", "", "role that may see the group's members by name, within its own scope")
	revoke := fs.Bool("revoke", false, "take the grant back")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, svc, act, err := careStore(ctx, sf)
	if err != nil {
		return err
	}
	defer db.Close()
	g, err := svc.Grant(ctx, act, *group, *role, *revoke)
	if err != nil {
		return err
	}
	printCareGroup(env, g)
	return nil
}

func runCareMeasures(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("care measures", "care measures [--region CODE] [--grids]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	region := fs.String("region", "", "a region or grid code (default: everything)")
	grids := fs.Bool("grids", false, "one line per grid, not per community")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, svc, act, err := careStore(ctx, sf)
	if err != nil {
		return err
	}
	defer db.Close()
	ms, err := svc.Measures(ctx, act, *region)
	if err != nil {
		return err
	}
	if !*grids {
		ms = care.ByCommunity(ms)
	}
	show := func(f float64) string {
		if f < 0 {
			return "—"
		}
		return fmt.Sprintf("%.1f%%", f*100)
	}
	fmt.Fprintln(env.Stdout, "code\tmembers\ton_schedule\t走访完成率\tvisits_30d\tpeople\t流动人口占比\thouses\t出租房占比")
	for _, m := range ms {
		fmt.Fprintf(env.Stdout, "%s\t%d\t%d\t%s\t%d\t%d\t%s\t%d\t%s\n", m.GridCode, m.Members, m.OnSchedule, show(m.VisitRate()), m.Visits30,
			m.People, show(m.FloatingShare()), m.Houses, show(m.RentedShare()))
	}
	return nil
}

func runCareRaise(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("care raise", "care raise", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, svc, _, err := careStore(ctx, sf)
	if err != nil {
		return err
	}
	defer db.Close()
	raised, err := svc.RaiseOverdue(ctx)
	if err != nil {
		return err
	}
	for _, t := range raised {
		fmt.Fprintf(env.Stdout, "grid %s: task %d, %d overdue\n", t.GridCode, t.ID, t.OrderCount)
	}
	fmt.Fprintf(env.Stdout, "%d grid tasks raised\n", len(raised))
	return nil
}
