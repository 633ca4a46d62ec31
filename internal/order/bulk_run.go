package order

import (
	"context"
)

// ImportResult counts what an import did.
type ImportResult struct {
	Created  int // new orders
	Replayed int // lines filed by an earlier run of the same file
}

// Import files the parsed lines as actor a (an operator, dispatcher or
// admin). Every line is checked first and any problem files nothing; then
// each line is filed with its own idempotency key, so a run cut short can
// simply be repeated.
func (s *Service) Import(ctx context.Context, a Actor, lines []ImportLine) (ImportResult, error) {
	if err := s.CheckImport(ctx, a, lines); err != nil {
		return ImportResult{}, err
	}
	var res ImportResult
	for _, l := range lines {
		_, replayed, err := s.Create(ctx, a, l.Input)
		if err != nil {
			return res, LineError{l.Line, err}
		}
		if replayed {
			res.Replayed++
		} else {
			res.Created++
		}
	}
	return res, nil
}

// CheckImport checks every line as a would file it and returns all the
// problems as ImportErrors, or nil; it files nothing (a dry run).
func (s *Service) CheckImport(ctx context.Context, a Actor, lines []ImportLine) error {
	var errs ImportErrors
	for _, l := range lines {
		if err := s.Check(ctx, a, l.Input); err != nil {
			errs = append(errs, LineError{l.Line, err})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}
