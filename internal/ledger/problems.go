package ledger

import (
	"fmt"
	"strings"

	"civicgrid/internal/errs"
)

// Problem is one bad line: its row number in the file (1 is the header),
// the column (its Chinese header) and what is wrong.
type Problem struct {
	Line   int
	Column string
	Msg    string
}

func (p Problem) String() string {
	if p.Column == "" {
		return fmt.Sprintf("第%d行: %s", p.Line, p.Msg)
	}
	return fmt.Sprintf("第%d行 %s: %s", p.Line, p.Column, p.Msg)
}

// MaxProblems bounds the problems reported (a wrong file would otherwise
// report every line).
const MaxProblems = 1000

// Problems are all the bad lines of an import; nothing was written.
type Problems []Problem

func (ps *Problems) add(line int, column, format string, args ...any) {
	if len(*ps) < MaxProblems {
		*ps = append(*ps, Problem{Line: line, Column: column, Msg: fmt.Sprintf(format, args...)})
	}
}

func (ps Problems) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d个问题，未导入任何数据 (%d problems, nothing imported)", len(ps), len(ps))
	for _, p := range ps {
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

// ErrorKind makes a bad ledger a 400.
func (ps Problems) ErrorKind() errs.Kind { return errs.Invalid }
