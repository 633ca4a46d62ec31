package cli

import (
	"context"
	"fmt"

	"civicgrid/internal/auth"
	"civicgrid/internal/org"
)

func runDepartment(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "department", args, map[string]func(context.Context, Env, []string) error{
		"add": runDepartmentAdd,
	}, ctx)
}

func runDepartmentAdd(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("department add", "department add --code C --name 名称 --region CODE", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	code := fs.String("code", "", "department code, e.g. chengguan")
	name := fs.String("name", "", "name, e.g. 区城市管理综合行政执法局")
	region := fs.String("region", "", "region code the department serves, e.g. a district")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *code == "" || *name == "" || *region == "" {
		fs.Usage()
		return fmt.Errorf("%w: --code, --name and --region are required", ErrUsage)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	d, err := org.AddDepartment(ctx, db, org.Department{Code: *code, Name: *name, RegionCode: *region}, auth.SystemAdmin())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "department %s (%s) added, serving %s\n", d.Code, d.Name, d.RegionCode)
	return nil
}
