package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"

	"civicgrid/internal/grid"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// runLivelihood: a year's 民生实事 list from the command line — add items,
// report a quarter's cumulative progress with an evidence file, list.
func runLivelihood(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "livelihood", args, map[string]func(context.Context, Env, []string) error{
		"add":    livelihoodAdd,
		"report": livelihoodReport,
		"list":   livelihoodList,
	}, ctx)
}

func livelihoodAdd(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("livelihood add", "livelihood add --region CODE --year YYYY --title T --target N --unit U --lead DEPT --deadline YYYY-MM-DD [--publish]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	region := fs.String("region", "", "the district (or street) code")
	year := fs.Int("year", 0, "year of the list")
	title := fs.String("title", "", "the item, e.g. 新增停车位")
	target := fs.Int64("target", 0, "target quantity")
	unit := fs.String("unit", "", "its unit, e.g. 个")
	lead := fs.String("lead", "", "lead department, e.g. 区住建局")
	deadline := fs.String("deadline", "", "YYYY-MM-DD")
	publish := fs.Bool("publish", false, "show it to residents")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	it, err := project.AddItem(ctx, db, grid.CommandLine(*region), project.Item{RegionCode: *region, Year: *year, Title: *title,
		TargetQuantity: *target, Unit: *unit, LeadDepartment: *lead, Deadline: *deadline, Published: *publish})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "item %d: %d年第%d项 %s %d%s\n", it.ID, it.Year, it.Seq, it.Title, it.TargetQuantity, it.Unit)
	return nil
}

func livelihoodReport(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("livelihood report", "livelihood report --region CODE --item ID --quarter 1-4 --done N --note TEXT [--evidence FILE]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	region := fs.String("region", "", "the region of the item's list")
	item := fs.Int64("item", 0, "item id")
	quarter := fs.Int("quarter", 0, "quarter 1–4")
	done := fs.Int64("done", 0, "cumulative quantity done by the end of the quarter")
	note := fs.String("note", "", "what was done")
	evidence := fs.String("evidence", "", "a photo or document as evidence")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var file []byte
	name := ""
	if *evidence != "" {
		var err error
		if file, err = os.ReadFile(*evidence); err != nil {
			return err
		}
		name = filepath.Base(*evidence)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	err = db.InTx(ctx, func(tx *store.Tx) error {
		return project.ReportQuarter(ctx, tx, grid.CommandLine(*region), project.Uploads(filepath.Join(sf.data, "uploads")), *item,
			project.ItemReport{Quarter: *quarter, DoneQuantity: *done, Note: *note, EvidenceName: name}, file, time.Now())
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "item %d, quarter %d: %d done\n", *item, *quarter, *done)
	return nil
}

func livelihoodList(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("livelihood list", "livelihood list --region CODE --year YYYY", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	region := fs.String("region", "", "the district (or street) code")
	year := fs.Int("year", 0, "year of the list")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	items, err := project.Items(ctx, db, grid.CommandLine(*region).Scope, *year)
	if err != nil {
		return err
	}
	today := time.Now().In(zone.Shanghai()).Format("2006-01-02")
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tseq\titem\ttarget\tdone\t%\tlead\tdeadline\tstatus\t")
	for _, it := range items {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%d%s\t%d\t%s\t%s\t%s\t%s\t\n", it.ID, it.Seq, it.Title, it.TargetQuantity, it.Unit, it.Done,
			strconv.Itoa(it.Percent()), it.LeadDepartment, it.Deadline, it.StatusOn(today))
	}
	fmt.Fprintf(tw, "%d items\n", len(items))
	return tw.Flush()
}
