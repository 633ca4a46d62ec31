package cli

import (
	"context"
	"fmt"
	"strings"

	"civicgrid/internal/auth"
)

func runUser(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "user", args, map[string]func(context.Context, Env, []string) error{
		"add":    runUserAdd,
		"passwd": runUserPasswd,
		"token":  runUserToken,
	}, ctx)
}

func runUserAdd(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("user add", "user add --username U --role ROLE (--node CODE | --department CODE) [--name 显示名] < password", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	username := fs.String("username", "", "sign-in name (letters, digits, _ . -)")
	role := fs.String("role", "", "one of: "+strings.Join(auth.Roles(), ", "))
	node := fs.String("node", "", "org node (region code) the user belongs to")
	dept := fs.String("department", "", "department code the user belongs to")
	name := fs.String("name", "", "display name (defaults to the username)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" || *role == "" || (*node == "") == (*dept == "") {
		fs.Usage()
		return fmt.Errorf("%w: --username, --role and exactly one of --node or --department are required", ErrUsage)
	}
	pw, err := readSecret(env.Stdin)
	if err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := auth.CreateUser(ctx, db, auth.NewUser{Username: *username, DisplayName: *name, Role: *role,
		NodeCode: *node, DepartmentCode: *dept, Password: pw}, auth.Actor{})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "user %s added (id %d, role %s, %s)\n", u.Username, u.ID, u.Role, placeOf(u))
	return nil
}

func placeOf(u auth.User) string {
	if u.NodeCode != "" {
		return "node " + u.NodeCode
	}
	return "department " + u.DepartmentCode
}

func runUserPasswd(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("user passwd", "user passwd --username U < password", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	username := fs.String("username", "", "whose password to set")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" {
		fs.Usage()
		return fmt.Errorf("%w: --username is required", ErrUsage)
	}
	pw, err := readSecret(env.Stdin)
	if err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := auth.SetPassword(ctx, db, *username, pw, auth.Actor{}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "password of %s set; the lockout, if any, is cleared\n", *username)
	return nil
}

// runUserToken prints a new API token alone on the last line, so scripts
// can take it with tail -n 1.
func runUserToken(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("user token", "user token --username U [--name LABEL]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	username := fs.String("username", "", "whose token")
	label := fs.String("name", "command line", "what the token is for")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" {
		fs.Usage()
		return fmt.Errorf("%w: --username is required", ErrUsage)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := auth.GetUserByUsername(ctx, db, *username)
	if err != nil {
		return err
	}
	tok, err := auth.CreateToken(ctx, db, u.ID, *label, auth.Actor{})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "API token for %s (shown once; send it as Authorization: Bearer …):\n%s\n", u.Username, tok)
	return nil
}
