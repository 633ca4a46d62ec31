package knowledge

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"civicgrid/internal/audit"
	"civicgrid/internal/store"
)

// ImportColumns are the columns of a knowledge CSV, header first; only
// question and answer are required.
var ImportColumns = []string{"question", "answer", "category", "department", "valid_from", "valid_to", "source"}

// ImportReport says what an import did (or would do, on a dry run).
type ImportReport struct {
	Added, Unchanged int
}

// LineError is every problem of an import file, by line.
type LineError struct{ Lines []string }

func (e *LineError) Error() string {
	return "knowledge import: nothing imported:\n  " + strings.Join(e.Lines, "\n  ")
}

// Unwrap makes a LineError an ErrInvalid.
func (e *LineError) Unwrap() error { return ErrInvalid }

// Import publishes the articles of a CSV file (ImportColumns, UTF-8,
// header first) as the command line: every line is checked first and all
// problems are reported with their line numbers, and on any problem
// nothing is written. An article already published with the same question
// for the same department is left as it is, so a rerun changes nothing.
func (s *Service) Import(ctx context.Context, r io.Reader, dryRun bool) (ImportReport, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return ImportReport{}, invalid("no header line: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, need := range []string{"question", "answer"} {
		if _, ok := col[need]; !ok {
			return ImportReport{}, invalid("header lacks the column %q (columns: %s)", need, strings.Join(ImportColumns, ","))
		}
	}
	type line struct {
		n  int
		in Input
	}
	var lines []line
	var problems []string
	seen := map[string]int{}
	for n := 2; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v", n, err))
			break
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		in := Input{Question: get("question"), Answer: get("answer"), CategoryCode: get("category"), DeptCode: get("department"),
			Source: get("source")}
		var bad []string
		if in.ValidFrom, err = ParseDay(get("valid_from")); err != nil {
			bad = append(bad, err.Error())
		}
		if in.ValidTo, err = ParseDay(get("valid_to")); err != nil {
			bad = append(bad, err.Error())
		}
		if err := in.clean(); err != nil {
			bad = append(bad, err.Error())
		}
		if err := checkRefs(ctx, s.DB, in); err != nil {
			bad = append(bad, err.Error())
		}
		key := in.DeptCode + "\x00" + in.Question
		if first, ok := seen[key]; ok {
			bad = append(bad, fmt.Sprintf("the same question for the same department is already on line %d", first))
		}
		seen[key] = n
		for _, b := range bad {
			problems = append(problems, fmt.Sprintf("line %d: %s", n, strings.TrimPrefix(b, ErrInvalid.Error()+": ")))
		}
		lines = append(lines, line{n, in})
	}
	if len(problems) > 0 {
		return ImportReport{}, &LineError{Lines: problems}
	}
	var rep ImportReport
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		rep = ImportReport{}
		now := s.now()
		for _, l := range lines {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM kb_articles WHERE state = ? AND question = ? AND COALESCE(dept_code, '') = ?`,
				StatePublished, l.in.Question, l.in.DeptCode).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				rep.Unchanged++
				continue
			}
			rep.Added++
			if dryRun {
				continue
			}
			var id int64
			in := l.in
			if err := tx.QueryRowContext(ctx, `INSERT INTO kb_articles (question, answer, category_code, dept_code, valid_from, valid_to,
				source, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				in.Question, in.Answer, nullStr(in.CategoryCode), nullStr(in.DeptCode), nullMillis(in.ValidFrom), nullMillis(in.ValidTo),
				in.Source, StatePublished, store.Millis(now), store.Millis(now)).Scan(&id); err != nil {
				return err
			}
			if err := (audit.Actor{}).Record(ctx, tx, now, "knowledge.import", fmt.Sprintf("kb:%d", id), in.Question); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return ImportReport{}, err
	}
	s.forget()
	return rep, nil
}
