package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"civicgrid/internal/address"
	"civicgrid/internal/facility"
	"civicgrid/internal/grid"
	"civicgrid/internal/ledger"
	"civicgrid/internal/orgunit"
	"civicgrid/internal/people"
	"civicgrid/internal/store"
)

// ledgerStore opens the store and the ledger service as the command line's
// actor (an admin over the deployment's province).
func ledgerStore(ctx context.Context, sf storeFlags) (*store.DB, *ledger.Service, ledger.Actor, error) {
	db, err := sf.open(ctx)
	if err != nil {
		return nil, nil, ledger.Actor{}, err
	}
	fail := func(err error) (*store.DB, *ledger.Service, ledger.Actor, error) {
		db.Close()
		return nil, nil, ledger.Actor{}, err
	}
	keys, err := sf.keys()
	if err != nil {
		return fail(err)
	}
	var root string
	if err := db.QueryRowContext(ctx, `SELECT code FROM regions WHERE parent_code IS NULL ORDER BY code LIMIT 1`).Scan(&root); err != nil {
		if store.IsNoRows(err) {
			err = fmt.Errorf("no regions yet: import divisions first")
		}
		return fail(err)
	}
	loc, err := grid.NewLocator(ctx, db)
	if err != nil {
		return fail(err)
	}
	addrs, err := address.NewService(ctx, db, loc)
	if err != nil {
		return fail(err)
	}
	svc := &ledger.Service{
		DB: db, People: people.New(db, keys, nil), Units: &orgunit.Service{DB: db, Keys: keys, Addresses: addrs},
		Facilities: &facility.Service{DB: db, Locator: loc}, Addresses: addrs, Locator: loc,
	}
	return db, svc, ledger.CommandLine(root), nil
}

func ledgerNames() string {
	names := make([]string, len(ledger.All))
	for i, l := range ledger.All {
		names[i] = l.Name
	}
	return strings.Join(names, "|")
}

// runImportLedger imports one ledger (.xlsx or CSV). Every line is checked
// first; any problem imports nothing, and a rerun changes nothing.
func runImportLedger(name string) func(ctx context.Context, env Env, args []string) error {
	return func(ctx context.Context, env Env, args []string) error {
		l, err := ledger.Find(name)
		if err != nil {
			return err
		}
		fs := newFlagSet("import "+name, "import "+name+" --from FILE.xlsx|FILE.csv [--dry-run]", env.Stderr)
		var sf storeFlags
		sf.register(fs)
		from := fs.String("from", "", l.Title+" (.xlsx, first sheet, or UTF-8 CSV) with a header row; get a template with: civicgrid export "+name+" --template --to FILE.xlsx")
		dry := fs.Bool("dry-run", false, "check every line and report, write nothing")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if *from == "" || fs.NArg() > 0 {
			fs.Usage()
			return fmt.Errorf("%w: --from is required", ErrUsage)
		}
		f, err := os.Open(*from)
		if err != nil {
			return err
		}
		defer f.Close()
		db, svc, act, err := ledgerStore(ctx, sf)
		if err != nil {
			return err
		}
		defer db.Close()
		rep, err := svc.Import(ctx, act, name, f, *dry)
		if err != nil {
			return fmt.Errorf("%s: nothing imported:\n%w", *from, err)
		}
		fmt.Fprintln(env.Stdout, rep.String())
		return nil
	}
}

// runExport writes a ledger (or its empty template) to an .xlsx file.
func runExport(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return fmt.Errorf("%w: civicgrid export <%s> --to FILE.xlsx [--template] [--under CODE] [--purpose TEXT]", ErrUsage, ledgerNames())
	}
	l, err := ledger.Find(args[0])
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	fs := newFlagSet("export "+l.Name, "export "+l.Name+" --to FILE.xlsx [--template] [--under CODE] [--purpose TEXT]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	to := fs.String("to", "", "the .xlsx file to write")
	template := fs.Bool("template", false, "write the empty template (header and notes) instead of the register")
	under := fs.String("under", "", "only this region or grid (code prefix)")
	purpose := fs.String("purpose", "", "people only: export names, document numbers and phones unmasked, for this stated purpose (audited)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *to == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: --to is required", ErrUsage)
	}
	f, err := os.Create(*to)
	if err != nil {
		return err
	}
	defer f.Close()
	if *template {
		if err := ledger.WriteTemplate(f, l); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "template %s written to %s\n", l.Title, *to)
		return f.Close()
	}
	db, svc, act, err := ledgerStore(ctx, sf)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := svc.Export(ctx, act, l.Name, f, ledger.ExportOptions{Under: *under, Purpose: *purpose})
	if err != nil {
		os.Remove(*to)
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %d rows written to %s\n", l.Title, n, *to)
	return f.Close()
}
