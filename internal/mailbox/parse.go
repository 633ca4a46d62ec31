package mailbox

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/errs"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Message is a parsed letter.
type Message struct {
	MessageID   string
	FromName    string
	FromEmail   string
	Subject     string
	Body        string // plain text, UTF-8
	Date        time.Time
	Attachments int // parts that are not the text; kept in the raw mail only
}

// Bounds: a letter to the hotline is text; anything bigger is refused.
const (
	MaxMessageBytes = 10 << 20
	maxBody         = 4000 // runes; the order description holds as much
	maxSubject      = 200
)

// ErrInvalid is a message that cannot be read as a letter.
var ErrInvalid = errs.New(errs.Invalid, "mailbox: not a readable message")

// Parse reads one RFC 5322 message.
func Parse(r io.Reader) (Message, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxMessageBytes+1))
	if err != nil {
		return Message{}, err
	}
	if len(raw) > MaxMessageBytes {
		return Message{}, fmt.Errorf("%w: larger than %d bytes", ErrInvalid, MaxMessageBytes)
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	dec := &mime.WordDecoder{CharsetReader: charsetReader}
	var out Message
	out.MessageID = strings.Trim(strings.TrimSpace(m.Header.Get("Message-Id")), "<>")
	fromHeader, err := dec.DecodeHeader(m.Header.Get("From"))
	if err != nil {
		fromHeader = m.Header.Get("From")
	}
	from, err := mail.ParseAddress(fromHeader)
	if err != nil {
		return Message{}, fmt.Errorf("%w: From %q: %v", ErrInvalid, m.Header.Get("From"), err)
	}
	out.FromName, out.FromEmail = strings.TrimSpace(from.Name), strings.ToLower(from.Address)
	if out.Subject, err = dec.DecodeHeader(m.Header.Get("Subject")); err != nil {
		out.Subject = m.Header.Get("Subject")
	}
	out.Subject = clip(strings.Join(strings.Fields(out.Subject), " "), maxSubject)
	if d, err := m.Header.Date(); err == nil {
		out.Date = d
	}
	text, attachments, err := readBody(m.Header, m.Body, 0)
	if err != nil {
		return Message{}, err
	}
	out.Body, out.Attachments = clip(strings.TrimSpace(text), maxBody), attachments
	if out.Body == "" && out.Subject == "" {
		return Message{}, fmt.Errorf("%w: no text", ErrInvalid)
	}
	if out.MessageID == "" {
		// Without a Message-Id a retried delivery cannot be told apart;
		// the sender, date and text stand in for it.
		out.MessageID = fmt.Sprintf("nomsgid:%s:%d:%d", out.FromEmail, out.Date.Unix(), len(out.Body))
	}
	return out, nil
}

// header is a message's or a part's header.
type header interface{ Get(string) string }

// readBody returns the letter's text: the first text/plain part, else the
// first text/html part without its tags; other parts are counted.
func readBody(h header, body io.Reader, depth int) (string, int, error) {
	if depth > 5 {
		return "", 0, fmt.Errorf("%w: multipart nested too deep", ErrInvalid)
	}
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain; charset=us-ascii"
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", 0, fmt.Errorf("%w: Content-Type %q", ErrInvalid, ct)
	}
	decoded := transferDecoder(h.Get("Content-Transfer-Encoding"), body)
	switch {
	case strings.HasPrefix(mediaType, "multipart/"):
		mr := multipart.NewReader(decoded, params["boundary"])
		var plain, htmlText string
		attachments := 0
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return "", 0, fmt.Errorf("%w: multipart: %v", ErrInvalid, err)
			}
			pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
			disp, _, _ := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
			if disp == "attachment" || (!strings.HasPrefix(pt, "text/") && !strings.HasPrefix(pt, "multipart/") && pt != "") {
				attachments++
				continue
			}
			text, n, err := readBody(p.Header, p, depth+1)
			if err != nil {
				return "", 0, err
			}
			attachments += n
			switch {
			case pt == "text/html" && htmlText == "":
				htmlText = text
			case plain == "" && text != "":
				plain = text
			}
		}
		if plain == "" {
			plain = htmlText
		}
		return plain, attachments, nil
	case mediaType == "text/plain" || mediaType == "text/html":
		b, err := io.ReadAll(charsetDecoder(params["charset"], decoded))
		if err != nil {
			return "", 0, fmt.Errorf("%w: body: %v", ErrInvalid, err)
		}
		if !utf8.Valid(b) {
			return "", 0, fmt.Errorf("%w: body is not valid %s", ErrInvalid, params["charset"])
		}
		if mediaType == "text/html" {
			return stripHTML(string(b)), 0, nil
		}
		return string(b), 0, nil
	default:
		return "", 1, nil
	}
}

func transferDecoder(enc string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(enc)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r) // it skips line breaks itself
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// charsetReader serves mime.WordDecoder.
func charsetReader(charset string, r io.Reader) (io.Reader, error) {
	return charsetDecoder(charset, r), nil
}

// charsetDecoder turns the Chinese charsets mail uses into UTF-8; GB2312
// and GBK are subsets of GB18030, which decodes all three.
func charsetDecoder(charset string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.Trim(charset, `" `)) {
	case "gb2312", "gbk", "gb18030", "x-gbk", "cp936":
		return transform.NewReader(r, simplifiedchinese.GB18030.NewDecoder())
	case "hz-gb-2312":
		return transform.NewReader(r, simplifiedchinese.HZGB2312.NewDecoder())
	}
	return r
}

var (
	htmlBreaks = regexp.MustCompile(`(?i)<(br|/p|/div|/li|/tr)[^>]*>`)
	htmlTags   = regexp.MustCompile(`(?s)<[^>]*>`)
	htmlDrop   = regexp.MustCompile(`(?is)<(script|style)[^>]*>.*?</(script|style)>`)
)

func stripHTML(s string) string {
	s = htmlDrop.ReplaceAllString(s, "")
	s = htmlBreaks.ReplaceAllString(s, "\n")
	s = htmlTags.ReplaceAllString(s, "")
	return html.UnescapeString(s)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
