package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
)

// runProject: renovation catalogues, programmes and figures from the
// command line, for an admin who scripts them.
func runProject(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "project", args, map[string]func(context.Context, Env, []string) error{
		"catalogue": projectCatalogue,
		"work-item": projectWorkItem,
		"indicator": projectIndicator,
		"programme": projectProgramme,
		"totals":    projectTotals,
	}, ctx)
}

// projectCatalogue: seed the default work items and indicators (once),
// then list both.
func projectCatalogue(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("project catalogue", "project catalogue [--seed]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	seed := fs.Bool("seed", false, "add the default work items and indicators that are missing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if *seed {
		if err := db.InTx(ctx, func(tx *store.Tx) error { return project.SeedCatalogues(ctx, tx, grid.CommandLine("11")) }); err != nil {
			return err
		}
	}
	ws, err := project.WorkItems(ctx, db)
	if err != nil {
		return err
	}
	ins, err := project.Indicators(ctx, db)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "改造内容\tclass\t")
	for _, w := range ws {
		fmt.Fprintf(tw, "%s\t%s (%s)\t\n", w.Name, w.ClassName(), w.Class)
	}
	fmt.Fprintln(tw, "\n建设指标\tunit\t")
	for _, in := range ins {
		fmt.Fprintf(tw, "%s\t%s\t\n", in.Name, in.Unit)
	}
	return tw.Flush()
}

func projectWorkItem(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("project work-item", "project work-item --name NAME --class basic|improve|upgrade", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	name := fs.String("name", "", "the work item, e.g. 加装电梯")
	class := fs.String("class", "", "basic (基础类), improve (完善类) or upgrade (提升类)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	w, err := project.AddWorkItem(ctx, db, grid.CommandLine("11"), *name, *class)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "work item %d: %s (%s)\n", w.ID, w.Name, w.ClassName())
	return nil
}

func projectIndicator(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("project indicator", "project indicator --name NAME --unit UNIT", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	name := fs.String("name", "", "the indicator, e.g. 充电桩")
	unit := fs.String("unit", "", "its unit, e.g. 个")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	in, err := project.AddIndicator(ctx, db, grid.CommandLine("11"), *name, *unit)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "indicator %d: %s (%s)\n", in.ID, in.Name, in.Unit)
	return nil
}

func projectProgramme(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("project programme", "project programme --region CODE --year YYYY [--batch N] --name NAME [--publish]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	region := fs.String("region", "", "the district (or street) code")
	year := fs.Int("year", 0, "year")
	batch := fs.Int("batch", 1, "batch of the year")
	name := fs.String("name", "", "e.g. 2024年明山区老旧小区改造")
	publish := fs.Bool("publish", false, "show it to residents")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *region == "" {
		fs.Usage()
		return fmt.Errorf("%w: give --region", ErrUsage)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := project.CreateProgramme(ctx, db, grid.CommandLine(*region), project.Programme{RegionCode: *region, Year: *year, Batch: *batch, Name: *name, Published: *publish})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "programme %d: %s (%d, batch %d)\n", p.ID, p.Name, p.Year, p.Batch)
	return nil
}

// projectTotals prints a year's figures as the public page does, computed
// from the records.
func projectTotals(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("project totals", "project totals --year YYYY [--region CODE]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	year := fs.Int("year", 0, "year")
	region := fs.String("region", "", "limit to a district, street or community (default: everything)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var s project.YearSummary
	// Every province: the command line is the machine's owner.
	if *region == "" {
		var all []project.Project
		rows, err := db.QueryContext(ctx, `SELECT DISTINCT SUBSTR(region_code, 1, 2) FROM project_programmes`)
		if err != nil {
			return err
		}
		var provinces []string
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return err
			}
			provinces = append(provinces, c)
		}
		rows.Close()
		for _, c := range provinces {
			ps, err := project.List(ctx, db, grid.CommandLine(c).Scope, *year)
			if err != nil {
				return err
			}
			all = append(all, ps...)
		}
		s.Projects = all
		if s.Totals, err = project.Sum(ctx, db, all); err != nil {
			return err
		}
		if s.Indicators, s.ByStreet, err = project.IndicatorTotals(ctx, db, all); err != nil {
			return err
		}
		s.Money = project.Money(all)
	} else if s, err = project.Summary(ctx, db, auth.ScopeOf(auth.User{NodeCode: *region}, ""), *year); err != nil {
		return err
	}
	t := s.Totals
	fmt.Fprintf(env.Stdout, "%d projects, %d 小区 in %d streets, %d buildings, %d households, investment %s 万元, spent %s 万元\n",
		t.Projects, t.Compounds, t.Streets, t.Buildings, t.Households, project.Wan(t.BudgetFen), project.Wan(t.SpentFen))
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, p := range s.Projects {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s 万元\t%d 户\t\n", p.ID, p.Name, p.Scope, project.Wan(p.BudgetFen), p.Households)
	}
	var parts []string
	for _, in := range s.Indicators {
		if in.Quantity > 0 {
			parts = append(parts, fmt.Sprintf("%s %d %s", in.Name, in.Quantity, in.Unit))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(parts) > 0 {
		fmt.Fprintln(env.Stdout, strings.Join(parts, "，"))
	}
	return nil
}
