package bench

import (
	"context"
	"fmt"
	"io"
)

// Run runs the named bench and prints its extra lines, its peak RSS and,
// last, its result line on stdout. An unknown name wraps ErrUnknown; a
// missing peer prints what was measured and then fails with
// ErrPeerUnavailable.
func Run(ctx context.Context, name string, cfg Config, stdout, progress io.Writer) error {
	b, err := Lookup(name)
	if err != nil {
		return err
	}
	res, err := b.Run(ctx, cfg, progress)
	if err != nil {
		return fmt.Errorf("bench %s: %w", name, err)
	}
	for _, line := range res.Extra {
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintln(stdout, peakRSSLine())
	fmt.Fprintln(stdout, res.Line(name))
	if res.PeerErr != nil {
		return fmt.Errorf("bench %s: %w: %v", name, ErrPeerUnavailable, res.PeerErr)
	}
	if _, err := res.Ratio(); err != nil {
		return fmt.Errorf("bench %s: %w", name, err)
	}
	return nil
}
