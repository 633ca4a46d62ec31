package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/classify"
)

// runClassify trains or evaluates the learned category suggestion.
func runClassify(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "classify", args, map[string]func(context.Context, Env, []string) error{
		"train":     runClassifyTrain,
		"eval":      runClassifyEval,
		"autoroute": runClassifyAutoRoute,
	}, ctx)
}

func runClassifyTrain(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("classify train", "classify train", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return ErrUsage
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	info, err := classify.TrainStore(ctx, db, time.Now())
	if errors.Is(err, classify.ErrTooFew) {
		return fmt.Errorf("%w; the catalogue's names and keywords suggest until then", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "category model version %d: trained on %d orders in %d categories in %s\n",
		info.Version, info.Orders, info.Classes, info.TrainTime.Round(time.Millisecond))
	return nil
}

func runClassifyEval(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("classify eval", "classify eval [--folds 5] [--confusions 10]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	folds := fs.Int("folds", 5, "number of cross-validation folds (2-20)")
	top := fs.Int("confusions", 10, "how many confusion pairs to list")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return ErrUsage
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	docs, err := classify.History(ctx, db)
	if err != nil {
		return err
	}
	ev, err := classify.CrossValidate(docs, *folds)
	if err != nil {
		return err
	}
	cats, err := category.List(ctx, db, true)
	if err != nil {
		return err
	}
	name := map[string]string{}
	for _, c := range cats {
		name[c.Code] = c.NameZh
	}
	label := func(code string) string {
		if n := name[code]; n != "" {
			return code + " " + n
		}
		return code
	}
	fmt.Fprintf(env.Stdout, "%d-fold cross-validation on %d orders: accuracy %.3f, macro F1 %.3f\n", ev.Folds, ev.Docs, ev.Accuracy, ev.MacroF1)
	fmt.Fprintf(env.Stdout, "%-40s %7s %9s %6s %6s\n", "category", "orders", "precision", "recall", "F1")
	for _, c := range ev.Classes {
		fmt.Fprintf(env.Stdout, "%-40s %7d %9.3f %6.3f %6.3f\n", label(c.Class), c.Support, c.Precision, c.Recall, c.F1)
	}
	if len(ev.Confusion) > 0 {
		fmt.Fprintln(env.Stdout, "most frequent confusions (true → suggested: orders):")
		for i, c := range ev.Confusion {
			if i >= *top {
				break
			}
			fmt.Fprintf(env.Stdout, "  %s → %s: %d\n", label(c.True), label(c.Pred), c.Count)
		}
	}
	return nil
}
