package bulletin

import (
	"io"
	"strings"
	"time"

	"civicgrid/internal/report"
	"civicgrid/internal/sheet"
	"civicgrid/internal/store"
)

// WriteWorkbook writes b as an .xlsx workbook, one sheet per part, in
// lang, times shown in zone.
func WriteWorkbook(w io.Writer, b report.Bulletin, lang Lang, zone *time.Location) error {
	x := sheet.NewXLSX(w, zone)
	parts := []func(*sheet.XLSX, report.Bulletin, Lang) error{summarySheet, categorySheet, unitSheet("sheet.units", b.Units),
		unitSheet("sheet.departments", b.Departments), concernSheet, notableSheet, topicSheet}
	for _, part := range parts {
		if err := part(x, b, lang); err != nil {
			return err
		}
	}
	return x.Close()
}

// rate is a rate as a cell: its fraction, or blank with nothing to judge.
func rate(r report.Rate) any {
	if !r.Defined {
		return nil
	}
	return r.Value
}

func summarySheet(x *sheet.XLSX, b report.Bulletin, l Lang) error {
	if err := x.Sheet(l.T("sheet.summary"), []sheet.Column{{Title: l.T("figure"), Width: 18},
		{Title: l.T("current"), Kind: sheet.Decimal}, {Title: l.T("previous"), Kind: sheet.Decimal},
		{Title: l.T("delta"), Kind: sheet.Decimal}}); err != nil {
		return err
	}
	for _, c := range b.Changes {
		cur, prev, delta := any(c.Current), any(c.Previous), any(nil)
		if c.Rate {
			// Rates as percentages with their change in points, as
			// bulletins print them: 92.5, 90.0, +2.5.
			cur, prev = 100*c.Current, 100*c.Previous
		}
		if c.Defined {
			delta = c.Delta
		}
		if err := x.Row(l.T(c.ID), cur, prev, delta); err != nil {
			return err
		}
	}
	return nil
}

func categorySheet(x *sheet.XLSX, b report.Bulletin, l Lang) error {
	if err := x.Sheet(l.T("sheet.categories"), []sheet.Column{{Title: l.T("category"), Width: 20},
		{Title: l.T("received"), Kind: sheet.Int}, {Title: l.T("share"), Kind: sheet.Percent},
		{Title: l.T("resolve_rate"), Kind: sheet.Percent}, {Title: l.T("satisfaction_rate"), Kind: sheet.Percent}}); err != nil {
		return err
	}
	for _, c := range b.Categories {
		name := c.NameZh
		if l == English && c.NameEn != "" {
			name = c.NameEn
		}
		if err := x.Row(name, c.Counts.Received, rate(c.Share), rate(c.Rates.Resolve), rate(c.Rates.Satisfaction)); err != nil {
			return err
		}
	}
	return nil
}

func unitSheet(title string, r report.Ranking) func(*sheet.XLSX, report.Bulletin, Lang) error {
	return func(x *sheet.XLSX, _ report.Bulletin, l Lang) error {
		if err := x.Sheet(l.T(title), []sheet.Column{{Title: l.T("rank"), Kind: sheet.Int}, {Title: l.T("unit"), Width: 20},
			{Title: l.T("valid"), Kind: sheet.Int}, {Title: l.T("response_rate"), Kind: sheet.Percent},
			{Title: l.T("resolve_rate"), Kind: sheet.Percent}, {Title: l.T("satisfaction_rate"), Kind: sheet.Percent},
			{Title: l.T("score"), Kind: sheet.Decimal}}); err != nil {
			return err
		}
		for _, e := range r.Entries {
			var rank, score any
			if e.Rank > 0 {
				rank = e.Rank
			}
			if e.Rates.Score.Defined {
				score = e.Rates.Score.Value
			}
			if err := x.Row(rank, e.Name, e.Rates.Valid, rate(e.Rates.Response), rate(e.Rates.Resolve),
				rate(e.Rates.Satisfaction), score); err != nil {
				return err
			}
		}
		return nil
	}
}

func concernSheet(x *sheet.XLSX, b report.Bulletin, l Lang) error {
	if err := x.Sheet(l.T("sheet.concerns"), []sheet.Column{{Title: l.T("unit"), Width: 20}, {Title: l.T("level")},
		{Title: l.T("overdue"), Kind: sheet.Int}, {Title: l.T("returned"), Kind: sheet.Int}}); err != nil {
		return err
	}
	for _, c := range b.Concerns {
		if err := x.Row(l.HandlerName(c.Level, c.Name), l.T("level."+c.Level), c.Overdue, c.Returned); err != nil {
			return err
		}
	}
	return nil
}

func notableSheet(x *sheet.XLSX, b report.Bulletin, l Lang) error {
	if err := x.Sheet(l.T("sheet.notable"), []sheet.Column{{Title: l.T("number")}, {Title: l.T("category"), Width: 18},
		{Title: l.T("handler"), Width: 18}, {Title: l.T("received_at"), Kind: sheet.DateTime},
		{Title: l.T("reasons"), Width: 20}}); err != nil {
		return err
	}
	for _, n := range b.Notable {
		name := n.CategoryZh
		if l == English && n.CategoryEn != "" {
			name = n.CategoryEn
		}
		if err := x.Row(n.Number, name, l.HandlerName(n.Level, n.HandlerName), store.Time(n.Received),
			reasons(l, n.Reasons)); err != nil {
			return err
		}
	}
	return nil
}

func reasons(l Lang, list []string) string {
	out := make([]string, len(list))
	for i, r := range list {
		out[i] = l.T("reason." + r)
	}
	return JoinList(l, out)
}

func topicSheet(x *sheet.XLSX, b report.Bulletin, l Lang) error {
	if err := x.Sheet(l.T("sheet.topics"), []sheet.Column{{Title: l.T("topic"), Width: 24}, {Title: l.T("count"), Kind: sheet.Int},
		{Title: l.T("communities"), Width: 30}, {Title: l.T("trend")}}); err != nil {
		return err
	}
	for _, t := range b.HotTopics {
		if err := x.Row(TopicName(t), t.Count, JoinList(l, t.Communities), trend(l, t)); err != nil {
			return err
		}
	}
	return nil
}

// TopicName names a hot topic by its key words: 幸福小区 · 暖气不热.
func TopicName(t report.HotTopic) string { return strings.Join(t.Words, " · ") }

func trend(l Lang, t report.HotTopic) string {
	if t.Rising {
		return l.T("rising")
	}
	return l.T("steady")
}

// JoinList joins names as the language lists them: 甲、乙 or A, B.
func JoinList(l Lang, list []string) string {
	sep := "、"
	if l == English {
		sep = ", "
	}
	return strings.Join(list, sep)
}
