package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"civicgrid/internal/knowledge"
)

// runKnowledge imports and searches the knowledge base (知识库).
func runKnowledge(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "knowledge", args, map[string]func(context.Context, Env, []string) error{
		"import": runKnowledgeImport,
		"search": runKnowledgeSearch,
	}, ctx)
}

func runKnowledgeImport(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("knowledge import", "knowledge import --from FILE.csv [--dry-run]  (columns: "+
		strings.Join(knowledge.ImportColumns, ",")+")", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	from := fs.String("from", "", "the CSV file (UTF-8, header first)")
	dry := fs.Bool("dry-run", false, "check and count, write nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || fs.NArg() > 0 {
		fs.Usage()
		return ErrUsage
	}
	f, err := os.Open(*from)
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := (&knowledge.Service{DB: db}).Import(ctx, f, *dry)
	if err != nil {
		return err
	}
	verb := "imported"
	if *dry {
		verb = "would import (dry run)"
	}
	fmt.Fprintf(env.Stdout, "%s %s: %d added, %d unchanged\n", verb, *from, rep.Added, rep.Unchanged)
	return nil
}

func runKnowledgeSearch(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("knowledge search", "knowledge search [--limit 5] TEXT", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	limit := fs.Int("limit", 5, "most articles to list")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return ErrUsage
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := (&knowledge.Service{DB: db}).Search(ctx, strings.Join(fs.Args(), " "), *limit)
	if err != nil {
		return err
	}
	if len(m) == 0 {
		fmt.Fprintln(env.Stdout, "no article in force matches")
	}
	for _, x := range m {
		a := x.Article
		fmt.Fprintf(env.Stdout, "%5.1f%%  #%d  %s  [%s]\n        %s\n", x.Score*100, a.ID, a.Question, a.DeptName, a.Answer)
	}
	return nil
}
