package deliberation

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/zone"
)

const (
	maxLine  = 60
	maxText  = 4000
	minWords = 4
)

var fieldZh = map[string]string{
	"title": "标题", "description": "议题内容", "name": "姓名", "phone": "联系电话", "place": "地点",
	"minutes": "会议纪要", "decision": "决议内容", "reason": "理由", "owner": "责任单位或责任人", "result": "落实情况",
	"affiliation": "所在单位",
}

// cleanLine keeps one line of at most maxLine characters.
func cleanLine(field, s string, required bool) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if required && s == "" {
		return "", invalid("%s is required — 请填写%s", field, fieldZh[field])
	}
	if utf8.RuneCountInString(s) > maxLine {
		return "", invalid("%s: at most %d characters — %s不超过%d字", field, maxLine, fieldZh[field], maxLine)
	}
	return s, nil
}

// cleanText keeps a paragraph: required ones say something (≥ minWords).
func cleanText(field, s string, required bool) (string, error) {
	s = strings.TrimSpace(s)
	if required && utf8.RuneCountInString(s) < minWords {
		return "", invalid("%s: say in a few words (at least %d characters) — 请填写%s（至少%d个字）", field, minWords, fieldZh[field], minWords)
	}
	if utf8.RuneCountInString(s) > maxText {
		return "", invalid("%s: at most %d characters — %s不超过%d字", field, maxText, fieldZh[field], maxText)
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }) >= 0 {
		return "", invalid("%s holds control characters — %s含有非法字符", field, fieldZh[field])
	}
	return s, nil
}

// DueOn reads a due day (YYYY-MM-DD) as the end of that day in China.
func DueOn(day string) (time.Time, error) {
	d, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(day), zone.Shanghai())
	if err != nil {
		return time.Time{}, invalid("due %q: want a day like 2026-12-31 — 完成期限格式不对，例如 2026-12-31", day)
	}
	return d.Add(24*time.Hour - time.Second), nil
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
