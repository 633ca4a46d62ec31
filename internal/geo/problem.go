package geo

import (
	"fmt"
	"strings"

	"civicgrid/internal/errs"
)

// MaxProblems caps how many problems one ValidationError keeps: enough to fix
// a file in one go without flooding a screen.
const MaxProblems = 50

// Problem is one thing wrong with an input. Index is the 0-based position of
// the feature in its collection, or -1 when the problem is not about one
// feature; Name is the feature's name when it has one.
type Problem struct {
	Index   int    `json:"index"`
	Name    string `json:"name,omitempty"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	if p.Index < 0 {
		return p.Message
	}
	if p.Name != "" {
		return fmt.Sprintf("feature %d (%s): %s", p.Index, p.Name, p.Message)
	}
	return fmt.Sprintf("feature %d: %s", p.Index, p.Message)
}

// ValidationError lists every problem found, so an importer can report them
// all at once instead of one per attempt. Omitted counts the problems beyond
// MaxProblems that were found but not kept.
type ValidationError struct {
	Problems []Problem `json:"problems"`
	Omitted  int       `json:"omitted,omitempty"`
}

// Add records a problem, keeping at most MaxProblems.
func (v *ValidationError) Add(p Problem) {
	if len(v.Problems) >= MaxProblems {
		v.Omitted++
		return
	}
	v.Problems = append(v.Problems, p)
}

// Addf records a formatted problem about feature index (name may be "").
func (v *ValidationError) Addf(index int, name, format string, args ...any) {
	v.Add(Problem{Index: index, Name: name, Message: fmt.Sprintf(format, args...)})
}

// Full reports whether more problems would only be counted, not kept; long
// checks use it to stop early.
func (v *ValidationError) Full() bool { return len(v.Problems) >= MaxProblems }

// Len is the number of problems found, kept or not.
func (v *ValidationError) Len() int { return len(v.Problems) + v.Omitted }

// OrNil returns v as an error when it holds problems and a true nil
// otherwise (never a typed nil inside a non-nil interface).
func (v *ValidationError) OrNil() error {
	if v == nil || v.Len() == 0 {
		return nil
	}
	return v
}

// ErrorKind: every problem is the caller's input.
func (v *ValidationError) ErrorKind() errs.Kind { return errs.Invalid }

func (v *ValidationError) Error() string {
	var b strings.Builder
	n := v.Len()
	if n == 1 {
		b.WriteString("1 problem: ")
	} else {
		fmt.Fprintf(&b, "%d problems: ", n)
	}
	for i, p := range v.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	if v.Omitted > 0 {
		fmt.Fprintf(&b, "; and %d more", v.Omitted)
	}
	return b.String()
}
