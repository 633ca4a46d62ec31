package calendar

import (
	"fmt"
	"strings"

	"civicgrid/internal/errs"
)

// Sentinel errors, for an HTTP layer to map: ErrInvalid to 400 (every
// *ValidationError matches it with errors.Is), ErrNotFound to 404.
var (
	ErrInvalid  = errs.New(errs.Invalid, "calendar: invalid input")
	ErrNotFound = errs.New(errs.NotFound, "calendar: not found")
)

// MaxProblems caps how many problems one ValidationError keeps: enough to
// fix a file in one go without flooding a screen.
const MaxProblems = 50

// Problem is one thing wrong with an input. Line is the 1-based line of the
// notice file, or 0 when the problem is not about one line.
type Problem struct {
	Line    int
	Message string // in English, for logs, the CLI and the API
	// Code names the rule broken (ProblemDate …) and Args its details in
	// order, so a page can say it in its own language; "" when unnamed.
	Code string
	Args []any
}

// Problem codes, with their Args.
const (
	ProblemTooLarge  = "too_large"  // KiB allowed
	ProblemNotUTF8   = "not_utf8"   //
	ProblemCSV       = "csv"        //
	ProblemDuplicate = "duplicate"  // date, earlier line
	ProblemTooMany   = "too_many"   // entries allowed
	ProblemEmpty     = "empty"      //
	ProblemFields    = "fields"     // fields found
	ProblemDate      = "date"       // the text given
	ProblemKind      = "kind"       // the text given
	ProblemName      = "name"       // field (name, name_en)
	ProblemNameLong  = "name_long"  // field, characters allowed
	ProblemNameChars = "name_chars" // field
)

func (p Problem) String() string {
	if p.Line == 0 {
		return p.Message
	}
	return fmt.Sprintf("line %d: %s", p.Line, p.Message)
}

// ValidationError lists every problem found in an input, so an admin can
// fix a notice file in one pass. Omitted counts problems beyond MaxProblems.
type ValidationError struct {
	Problems []Problem
	Omitted  int
}

func (v *ValidationError) add(line int, format string, args ...any) {
	v.addp(Problem{Line: line, Message: fmt.Sprintf(format, args...)})
}

// addp adds a problem with its code.
func (v *ValidationError) addp(p Problem) {
	if len(v.Problems) >= MaxProblems {
		v.Omitted++
		return
	}
	v.Problems = append(v.Problems, p)
}

// coded is a Problem at line with code and args, and its English message.
func coded(line int, code string, args []any, format string, fargs ...any) Problem {
	return Problem{Line: line, Code: code, Args: args, Message: fmt.Sprintf(format, fargs...)}
}

// orNil returns v when it holds a problem, so callers can return it as error.
func (v *ValidationError) orNil() error {
	if len(v.Problems) == 0 {
		return nil
	}
	return v
}

func (v *ValidationError) Error() string {
	parts := make([]string, 0, len(v.Problems)+1)
	for _, p := range v.Problems {
		parts = append(parts, p.String())
	}
	if v.Omitted > 0 {
		parts = append(parts, fmt.Sprintf("and %d more", v.Omitted))
	}
	return "calendar: invalid input: " + strings.Join(parts, "; ")
}

// Unwrap makes errors.Is(err, ErrInvalid) true for every validation error.
func (v *ValidationError) Unwrap() error { return ErrInvalid }

// invalid is a one-problem validation error that is not about a file line.
func invalid(format string, args ...any) error {
	v := &ValidationError{}
	v.add(0, format, args...)
	return v
}
