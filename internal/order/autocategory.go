package order

import (
	"context"
	"strings"
)

// AutoCategorizer files an order that came without a category under the
// category the learned model is confident of, where an admin turned
// automatic routing on for it (classify.Service.AutoCategory).
type AutoCategorizer interface {
	AutoCategory(ctx context.Context, text string) (code string, score float64, ok bool, err error)
}

// SetAutoCategorizer wires automatic routing in (the server does, once the
// classifier exists); nil turns it off.
func (s *Service) SetAutoCategorizer(c AutoCategorizer) { s.auto = c }

// withAutoCategory gives an order filed without a category the one
// automatic routing chooses, if any; the first event records it and the
// model's probability. Otherwise the order stays without one and is
// refused as before (a person chooses).
func (s *Service) withAutoCategory(ctx context.Context, in Input) (Input, error) {
	if s.auto == nil || strings.TrimSpace(in.Category) != "" || strings.TrimSpace(in.Description) == "" {
		return in, nil
	}
	code, score, ok, err := s.auto.AutoCategory(ctx, in.Description)
	if err != nil || !ok {
		return in, err
	}
	in.Category, in.autoScore = code, score
	return in, nil
}
