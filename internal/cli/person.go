package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"civicgrid/internal/people"
	"civicgrid/internal/store"
)

// runPerson: the 实有人口 register from the command line.
func runPerson(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "person", args, map[string]func(context.Context, Env, []string) error{
		"add":       runPersonAdd,
		"search":    runPersonSearch,
		"reveal":    runPersonReveal,
		"household": runHousehold,
	}, ctx)
}

// personStore opens the store and the people register as the command
// line's actor (an admin over the deployment's province).
func personStore(ctx context.Context, sf storeFlags) (*store.DB, *people.Service, people.Actor, error) {
	db, err := sf.open(ctx)
	if err != nil {
		return nil, nil, people.Actor{}, err
	}
	keys, err := sf.keys()
	if err != nil {
		db.Close()
		return nil, nil, people.Actor{}, err
	}
	var root string
	err = db.QueryRowContext(ctx, `SELECT code FROM regions WHERE parent_code IS NULL ORDER BY code LIMIT 1`).Scan(&root)
	if errors.Is(err, sql.ErrNoRows) {
		db.Close()
		return nil, nil, people.Actor{}, fmt.Errorf("no regions yet: import divisions first")
	}
	if err != nil {
		db.Close()
		return nil, nil, people.Actor{}, err
	}
	return db, people.New(db, keys, nil), people.CommandLine(root), nil
}

func printPerson(env Env, p people.Person) {
	fmt.Fprintf(env.Stdout, "%d\t%s\t%s %s\t%s\t%s/%s\t%s\n", p.ID, p.Name, people.DocLabel(p.DocType), p.DocNumber, p.Phone,
		people.Label(p.Hukou), people.Label(p.Residence), p.HouseText)
}

func runPersonAdd(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("person add", "person add --name 姓名 --id-number 号码 [--doc-type id|passport|hkmo|tw|fpr] [--phone 手机] (--house ID | --grid CODE) [--hukou 本地|外地] [--residence 常住|流动|境外|寄住] [--moved-in YYYY-MM-DD] [--separated]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	var in people.Input
	fs.StringVar(&in.Name, "name", "", "姓名")
	fs.StringVar(&in.DocNumber, "id-number", "", "证件号码 (a 15-digit ID number is upgraded to 18)")
	fs.StringVar(&in.DocType, "doc-type", "id", "证件类型")
	fs.StringVar(&in.Phone, "phone", "", "电话")
	fs.Int64Var(&in.HouseID, "house", 0, "house id (实有房屋) lived in")
	fs.StringVar(&in.GridCode, "grid", "", "grid code, for someone without a registered house")
	fs.StringVar(&in.Hukou, "hukou", "本地", "户籍: 本地 or 外地")
	fs.StringVar(&in.Residence, "residence", "常住", "常住, 流动, 境外 or 寄住")
	fs.StringVar(&in.MovedIn, "moved-in", "", "迁入日期 YYYY-MM-DD")
	fs.BoolVar(&in.Separated, "separated", false, "人户分离")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, svc, act, err := personStore(ctx, sf)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := svc.Create(ctx, act, in)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "person %d: %s %s (grid %s)\n", p.ID, p.Name, p.DocNumber, p.GridCode)
	return nil
}

func runPersonSearch(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("person search", "person search [--limit N] 姓名|证件号码|电话", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	limit := fs.Int("limit", 20, "how many")
	if err := fs.Parse(args); err != nil {
		return err
	}
	q := strings.Join(fs.Args(), " ")
	if q == "" {
		fs.Usage()
		return fmt.Errorf("%w: give a name, document number or phone", ErrUsage)
	}
	db, svc, act, err := personStore(ctx, sf)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := svc.Search(ctx, act, q, *limit)
	if err != nil {
		return err
	}
	for _, p := range res.People {
		printPerson(env, p)
	}
	if len(res.People) == 0 {
		fmt.Fprintln(env.Stdout, "nobody found — 未找到")
	}
	return nil
}

func runPersonReveal(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("person reveal", "person reveal --id N --purpose 原因", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	id := fs.Int64("id", 0, "person id")
	purpose := fs.String("purpose", "", "why (recorded in the audit log)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, svc, act, err := personStore(ctx, sf)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := svc.Reveal(ctx, act, *id, *purpose)
	if err != nil {
		return err
	}
	printPerson(env, p)
	return nil
}
