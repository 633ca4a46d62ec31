// Package cli implements the civicgrid subcommands. Each command parses its
// flags, opens the store and calls domain packages; it holds no rules.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Env is what a command may touch: its streams. Tests pass buffers.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

type command struct {
	summary string
	run     func(ctx context.Context, env Env, args []string) error
}

func commands() map[string]command {
	return map[string]command{
		"serve":      {"serve the web pages and the API", runServe},
		"migrate":    {"bring the database schema up to date", runMigrate},
		"backup":     {"copy the store, the PII key and the photos into one file while serving", runBackup},
		"restore":    {"put a backup into an empty data directory, checksums verified", runRestore},
		"demo":       {"build the demo district (明山区) into an empty data directory, then serve it", runDemo},
		"import":     {"import categories (a taxonomy CSV), divisions (official codes), grids (GeoJSON), orders (an upstream CSV export) or a ledger (people, houses, addresses, units, facilities; .xlsx or CSV)", runImport},
		"export":     {"export a ledger (people, houses, addresses, units, facilities) or its template to .xlsx", runExport},
		"classify":   {"train the category model on the store's own orders, evaluate it by cross-validation, set automatic routing per category", runClassify},
		"knowledge":  {"知识库: import articles from a CSV file, search them", runKnowledge},
		"intake":     {"receive a letter for the hotline's mailbox (an MTA pipes each message in)", runIntake},
		"user":       {"add users, set passwords, issue, list and revoke API tokens", runUser},
		"department": {"add departments (区直部门)", runDepartment},
		"apikey":     {"Open311 API keys: add, list, revoke", runAPIKey},
		"bench":      {"measure against real peers (PostGIS …) and print the ratio", runBench},
		"grid":       {"appoint and remove 网格长、网格员、楼长、单元长; add, edit and retire buildings and units", runGrid},
		"address":    {"standard addresses (标准地址) and 小区: add, search, rename, retire", runAddress},
		"project":    {"renovation: catalogues of work items and indicators, programmes, a year's totals", runProject},
		"house":      {"实有房屋: register a house at a room address or with its room, edit, retire, set its owners", runHouse},
		"unit":       {"实有单位: add and list the units (organisations, businesses, shops) at standard addresses", runUnit},
		"facility":   {"部件: add and list facilities, mark them 完好/损坏/丢失", runFacility},
		"person":     {"实有人口: add, search and reveal (audited) people of the register; households (户)", runPerson},
		"care":       {"关爱对象/重点人群: visit plans, grants to see members by name, measures, raise overdue-visit tasks", runCare},
		"exchange":   {"四级联动: links to upstream and district platforms, category mapping, held orders, pull", runExchange},
		"bulletin":   {"周报/月报: show a district's or street's bulletin or write its .xlsx, list who receives it by e-mail, send those due", runBulletin},
		"livelihood": {"民生实事: add items to a year's list, report a quarter's progress with evidence, list", runLivelihood},
		"consult":    {"征询: list consultations, show a result, open, close, print owners' one-time codes (CSV)", runConsult},
		"party":      {"党建: import a member roll (.xlsx or CSV), print 报到率 and service hours per community and unit", runParty},
	}
}

// ErrUsage marks a wrong invocation: main exits 2 instead of 1.
var ErrUsage = errors.New("usage")

// Run dispatches args (without the program name) to a subcommand.
func Run(ctx context.Context, env Env, args []string) error {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printHelp(env.Stderr, cmds)
		if len(args) == 0 {
			return ErrUsage
		}
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		printHelp(env.Stderr, cmds)
		return fmt.Errorf("%w: unknown command %q", ErrUsage, args[0])
	}
	err := c.run(ctx, env, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

func printHelp(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("civicgrid — 社区网格化治理平台 / community grid governance\n\nusage: civicgrid <command> [flags]\n\ncommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-11s %s\n", n, cmds[n].summary)
	}
	b.WriteString("\nRun 'civicgrid <command> -h' for a command's flags.\n")
	io.WriteString(w, b.String())
}

// subcommand splits "import grids …" style commands.
func subcommand(env Env, group string, args []string, subs map[string]func(context.Context, Env, []string) error, ctx context.Context) error {
	names := make([]string, 0, len(subs))
	for n := range subs {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(args) == 0 {
		return fmt.Errorf("%w: civicgrid %s <%s>", ErrUsage, group, strings.Join(names, "|"))
	}
	fn, ok := subs[args[0]]
	if !ok {
		return fmt.Errorf("%w: civicgrid %s: unknown %q (want %s)", ErrUsage, group, args[0], strings.Join(names, ", "))
	}
	return fn(ctx, env, args[1:])
}
