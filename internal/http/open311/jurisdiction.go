package open311

import (
	"context"
	"errors"
	"fmt"

	"civicgrid/internal/grid"
	"civicgrid/internal/org"
)

// regionLengths are the lengths of region codes: province, city,
// district, street, community.
var regionLengths = []int{12, 9, 6, 4, 2}

// jurisdiction is the one region this deployment serves through Open311:
// Options.Jurisdiction, or else the smallest region holding every grid on
// file (worked out on each call, so grids imported later count).
func (h *Handler) jurisdiction(ctx context.Context) (org.Region, error) {
	code := h.opts.Jurisdiction
	if code == "" {
		first, last, err := grid.CodeSpan(ctx, h.opts.DB)
		if err != nil {
			return org.Region{}, err
		}
		if code = regionPrefix(first, last); code == "" {
			return org.Region{}, badRequest("Open311 is not running yet: no grids are on file")
		}
	}
	r, err := org.GetRegion(ctx, h.opts.DB, code)
	if errors.Is(err, org.ErrNotFound) {
		return org.Region{}, fmt.Errorf("open311: jurisdiction %s is not a region on file", code)
	}
	return r, err
}

// regionPrefix is the longest region code that both grid codes start
// with, or "".
func regionPrefix(a, b string) string {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	for _, l := range regionLengths {
		if l <= n {
			return a[:l]
		}
	}
	return ""
}
