package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"civicgrid/internal/people"
)

// runHousehold: 户 from the command line — register one, add or remove a
// member.
func runHousehold(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "person household", args, map[string]func(context.Context, Env, []string) error{
		"add":   runHouseholdAdd,
		"join":  func(ctx context.Context, env Env, args []string) error { return householdMember(ctx, env, args, true) },
		"leave": func(ctx context.Context, env Env, args []string) error { return householdMember(ctx, env, args, false) },
		"show":  runHouseholdShow,
	}, ctx)
}

func printHousehold(env Env, h people.Household) {
	fmt.Fprintf(env.Stdout, "household %d (grid %s):\n", h.ID, h.GridCode)
	for _, m := range h.Members {
		fmt.Fprintf(env.Stdout, "  %d\t%s\t%s\n", m.ID, m.Name, people.RelationName(m.Relation))
	}
}

func runHouseholdAdd(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("person household add", "person household add --member PERSON_ID:户主 [--member PERSON_ID:配偶]...", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	var specs multiFlag
	fs.Var(&specs, "member", "person id and relation to the head (户主, 配偶, 子, 女, 父母, 孙子女, 祖父母, 兄弟姐妹, 儿媳/女婿, 其他)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var ms []people.Member
	for _, s := range specs {
		idPart, rel, ok := strings.Cut(s, ":")
		id, err := strconv.ParseInt(idPart, 10, 64)
		if err != nil || !ok {
			return fmt.Errorf("%w: --member %q: want PERSON_ID:RELATION", ErrUsage, s)
		}
		ms = append(ms, people.Member{PersonID: id, Relation: rel})
	}
	db, svc, act, err := personStore(ctx, sf)
	if err != nil {
		return err
	}
	defer db.Close()
	h, err := svc.CreateHousehold(ctx, act, ms)
	if err != nil {
		return err
	}
	printHousehold(env, h)
	return nil
}

func householdMember(ctx context.Context, env Env, args []string, join bool) error {
	verb := map[bool]string{true: "join", false: "leave"}[join]
	fs := newFlagSet("person household "+verb, "person household "+verb+" --household ID --person ID [--relation 配偶]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	hh := fs.Int64("household", 0, "household id")
	person := fs.Int64("person", 0, "person id")
	rel := fs.String("relation", "", "relation to the head, to join")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, svc, act, err := personStore(ctx, sf)
	if err != nil {
		return err
	}
	defer db.Close()
	if !join {
		if err := svc.RemoveFromHousehold(ctx, act, *hh, *person); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "person %d left household %d\n", *person, *hh)
		return nil
	}
	h, err := svc.AddToHousehold(ctx, act, *hh, people.Member{PersonID: *person, Relation: *rel})
	if err != nil {
		return err
	}
	printHousehold(env, h)
	return nil
}

func runHouseholdShow(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("person household show", "person household show --household ID", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	hh := fs.Int64("household", 0, "household id")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, svc, act, err := personStore(ctx, sf)
	if err != nil {
		return err
	}
	defer db.Close()
	h, err := svc.Household(ctx, act, *hh)
	if err != nil {
		return err
	}
	printHousehold(env, h)
	return nil
}
