package open311

import (
	"context"
	"errors"
	"fmt"

	"civicgrid/internal/org"
)

// jurisdiction is the one region this deployment serves through Open311:
// Options.Jurisdiction, or else the deployment's area (org.Area, worked
// out on each call, so divisions imported later count).
func (h *Handler) jurisdiction(ctx context.Context) (org.Region, error) {
	code := h.opts.Jurisdiction
	if code == "" {
		r, ok, err := org.Area(ctx, h.opts.DB)
		if err != nil {
			return org.Region{}, err
		}
		if !ok {
			return org.Region{}, badRequest("Open311 is not running yet: no divisions are on file")
		}
		return r, nil
	}
	r, err := org.GetRegion(ctx, h.opts.DB, code)
	if errors.Is(err, org.ErrNotFound) {
		return org.Region{}, fmt.Errorf("open311: jurisdiction %s is not a region on file", code)
	}
	return r, err
}
