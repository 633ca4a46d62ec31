package bulletin

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime"
	"mime/multipart"
	"net/mail"
	"net/textproto"
	"net/url"
	"strings"
	"time"

	"civicgrid/internal/report"
)

// Text is the bulletin in brief as plain text, for the body of the mail:
// the headline figures against the previous period, the leading
// categories and the units with the most overdue orders.
func Text(b report.Bulletin, lang Lang, link string) string {
	var s strings.Builder
	fmt.Fprintf(&s, "%s\n\n%s: %s — %s\n%s\n\n", lang.Title(b), lang.T("period"), b.Period.From.Format(time.DateOnly),
		b.Period.LastDay().Format(time.DateOnly), lang.T("mail.intro"))
	for _, c := range b.Changes {
		cur, prev, delta := FormatChange(c, lang)
		fmt.Fprintf(&s, "%s: %s", lang.T(c.ID), cur)
		if c.Defined {
			fmt.Fprintf(&s, " (%s %s, %s %s)", lang.T("previous"), prev, lang.T("delta"), delta)
		}
		s.WriteString("\n")
	}
	if len(b.Categories) > 0 {
		fmt.Fprintf(&s, "\n%s:\n", lang.T("sheet.categories"))
		for i, c := range b.Categories {
			if i == 5 {
				break
			}
			name := c.NameZh
			if lang == English && c.NameEn != "" {
				name = c.NameEn
			}
			fmt.Fprintf(&s, "  %d. %s %d\n", i+1, name, c.Counts.Received)
		}
	}
	if len(b.HotTopics) > 0 {
		fmt.Fprintf(&s, "\n%s:\n", lang.T("sheet.topics"))
		for i, t := range b.HotTopics {
			fmt.Fprintf(&s, "  %d. %s %d (%s)\n", i+1, TopicName(t), t.Count, trend(lang, t))
		}
	}
	if len(b.Concerns) > 0 {
		fmt.Fprintf(&s, "\n%s:\n", lang.T("sheet.concerns"))
		for i, c := range b.Concerns {
			if i == 5 {
				break
			}
			fmt.Fprintf(&s, "  %s: %s %d, %s %d\n", lang.HandlerName(c.Level, c.Name), lang.T("overdue"), c.Overdue,
				lang.T("returned"), c.Returned)
		}
	}
	if link != "" {
		fmt.Fprintf(&s, "\n%s: %s\n", lang.T("link"), link)
	}
	return s.String()
}

// FormatChange shows a headline figure now, before and its change: a
// count as is (+12), a rate as a percentage with its change in points
// (92.5%, +2.5个百分点), the score to one place; "—" where nothing was
// there to judge.
func FormatChange(c report.Change, lang Lang) (current, previous, delta string) {
	value := func(v float64) string {
		switch {
		case c.Rate:
			return fmt.Sprintf("%.1f%%", 100*v)
		case c.ID == "score":
			return fmt.Sprintf("%.1f", v)
		}
		return fmt.Sprintf("%.0f", v)
	}
	current, previous, delta = value(c.Current), value(c.Previous), "—"
	if !c.Defined {
		if c.Rate {
			current, previous = "—", "—"
		}
		return current, previous, delta
	}
	switch {
	case c.Rate:
		delta = fmt.Sprintf("%+.1f%s", c.Delta, lang.T("points"))
	case c.ID == "score":
		delta = fmt.Sprintf("%+.1f", c.Delta)
	default:
		delta = fmt.Sprintf("%+.0f", c.Delta)
	}
	return current, previous, delta
}

// FileName names a bulletin's workbook: 210504-week-20260302.xlsx.
func FileName(b report.Bulletin) string {
	return fmt.Sprintf("%s-%s-%s.xlsx", b.Node, b.Kind, b.Period.From.Format("20060102"))
}

// PageLink is the address of the bulletin's page under base.
func PageLink(base string, b report.Bulletin) string {
	if base == "" {
		return ""
	}
	v := url.Values{"node": {b.Node}, "kind": {string(b.Kind)}, "date": {b.Period.To.Format(time.DateOnly)}}
	return strings.TrimRight(base, "/") + "/bulletin?" + v.Encode()
}

// Compose writes the mail of a bulletin: the text in brief and the
// workbook attached. messageID is the same on every attempt.
func Compose(from *mail.Address, to []*mail.Address, b report.Bulletin, lang Lang, link, messageID string,
	date time.Time, workbook []byte) ([]byte, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	text, err := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/plain; charset=utf-8"},
		"Content-Transfer-Encoding": {"base64"}})
	if err != nil {
		return nil, err
	}
	writeBase64(text, []byte(Text(b, lang, link)))
	file := FileName(b)
	att, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		"Content-Transfer-Encoding": {"base64"},
		"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": file})},
	})
	if err != nil {
		return nil, err
	}
	writeBase64(att, workbook)
	if err := mw.Close(); err != nil {
		return nil, err
	}
	names := make([]string, len(to))
	for i, a := range to {
		names[i] = a.String()
	}
	var m bytes.Buffer
	fmt.Fprintf(&m, "From: %s\r\n", from.String())
	fmt.Fprintf(&m, "To: %s\r\n", strings.Join(names, ", "))
	fmt.Fprintf(&m, "Subject: %s\r\n", mime.BEncoding.Encode("utf-8", lang.Title(b)))
	fmt.Fprintf(&m, "Date: %s\r\n", date.Format(time.RFC1123Z))
	fmt.Fprintf(&m, "Message-ID: <%s>\r\n", messageID)
	m.WriteString("MIME-Version: 1.0\r\n")
	fmt.Fprintf(&m, "Content-Type: multipart/mixed; boundary=%q\r\n\r\n", mw.Boundary())
	m.Write(body.Bytes())
	return m.Bytes(), nil
}

// writeBase64 writes data base64-encoded in lines of 76 characters.
func writeBase64(w interface{ Write([]byte) (int, error) }, data []byte) {
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		w.Write([]byte(enc[:76] + "\r\n"))
		enc = enc[76:]
	}
	w.Write([]byte(enc + "\r\n"))
}
