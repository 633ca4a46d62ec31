package supervision

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// Measure is a form of accountability (问责方式).
type Measure string

const (
	MeasureTalk       Measure = "talk"        // 约谈
	MeasureCriticism  Measure = "criticism"   // 通报批评
	MeasureAdmonish   Measure = "admonish"    // 诫勉
	MeasureSelfReview Measure = "self_review" // 责令检查
	MeasureDiscipline Measure = "discipline"  // 纪律处分
	MeasureOther      Measure = "other"       // 其他
)

// Measures lists every measure.
func Measures() []Measure {
	return []Measure{MeasureTalk, MeasureCriticism, MeasureAdmonish, MeasureSelfReview, MeasureDiscipline, MeasureOther}
}

// Who accountability is recorded against.
const (
	SubjectPerson = "person"
	SubjectUnit   = "unit" // a department, street office, community …
)

// Accountability (问责) is one measure against a person or a unit,
// recorded when a case closes.
type Accountability struct {
	SubjectKind string // SubjectPerson or SubjectUnit
	Subject     string // the person's name, or the unit's name or code
	Measure     Measure
	Note        string
	RecordedBy  string
	RecordedAt  time.Time
}

const (
	maxAccountability = 20
	maxSubject        = 100
)

func cleanAccountability(list []Accountability) ([]Accountability, error) {
	if len(list) > maxAccountability {
		return nil, invalid("accountability", "at most %d entries", maxAccountability)
	}
	out := make([]Accountability, 0, len(list))
	for i, e := range list {
		field := fmt.Sprintf("accountability[%d]", i)
		if e.SubjectKind != SubjectPerson && e.SubjectKind != SubjectUnit {
			return nil, invalid(field+".subject_kind", "%q: want person or unit", e.SubjectKind)
		}
		if !slices.Contains(Measures(), e.Measure) {
			return nil, invalid(field+".measure", "%q: want talk (约谈), criticism (通报批评), admonish (诫勉), self_review (责令检查), discipline (纪律处分) or other", e.Measure)
		}
		var err error
		if e.Subject, err = cleanText(field+".subject", e.Subject, maxSubject, true); err != nil {
			return nil, err
		}
		if e.Note, err = cleanText(field+".note", e.Note, maxText, false); err != nil {
			return nil, err
		}
		out = append(out, Accountability{SubjectKind: e.SubjectKind, Subject: e.Subject, Measure: e.Measure, Note: e.Note})
	}
	return out, nil
}

// recordAccountability writes the entries of case c and audits each.
func recordAccountability(ctx context.Context, tx *store.Tx, a order.Actor, c *Case, list []Accountability, now time.Time) error {
	for i := range list {
		list[i].RecordedBy, list[i].RecordedAt = a.Name, now
		e := list[i]
		if _, err := tx.ExecContext(ctx, `INSERT INTO supervision_accountability (case_id, subject_kind, subject, measure, note,
			recorded_by, recorded_by_name, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, e.SubjectKind, e.Subject, string(e.Measure), e.Note, nullID(a.UserID), a.Name, store.Millis(now)); err != nil {
			return fmt.Errorf("supervision: accountability: %w", err)
		}
		detail := strings.TrimSpace(fmt.Sprintf("case %d order %s: %s %s", c.ID, c.Number, e.Measure, e.Note))
		if err := auditor(a).Record(ctx, tx, now, "supervision.accountability", e.SubjectKind+":"+e.Subject, detail); err != nil {
			return err
		}
	}
	return nil
}

func accountability(ctx context.Context, q store.Querier, caseID int64) ([]Accountability, error) {
	rows, err := q.QueryContext(ctx, `SELECT subject_kind, subject, measure, note, recorded_by_name, recorded_at
		FROM supervision_accountability WHERE case_id = ? ORDER BY id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("supervision: accountability: %w", err)
	}
	defer rows.Close()
	out := []Accountability{}
	for rows.Next() {
		var e Accountability
		var at int64
		if err := rows.Scan(&e.SubjectKind, &e.Subject, &e.Measure, &e.Note, &e.RecordedBy, &at); err != nil {
			return nil, err
		}
		e.RecordedAt = store.Time(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

func auditor(a order.Actor) audit.Actor { return audit.Actor{UserID: a.UserID, Name: a.Name, IP: a.IP} }
