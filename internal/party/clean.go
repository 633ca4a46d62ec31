package party

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/org"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

var fieldZh = map[string]string{
	"name": "名称", "secretary": "书记", "member_name": "党员姓名", "phone": "联系电话", "title": "任务名称", "detail": "任务说明",
	"note": "说明", "purpose": "查看事由", "post": "挂牌职务", "place": "地点", "summary": "服务内容", "deputies": "接待党代表",
	"matter": "反映事项", "visitor": "来访人姓名", "unit": "单位名称",
}

// clean trims s (to one line when oneLine) and checks its length in
// characters.
func clean(field, s string, min, max int, oneLine bool) (string, error) {
	if oneLine {
		s = strings.Join(strings.Fields(s), " ")
	} else {
		s = strings.TrimSpace(s)
	}
	n := utf8.RuneCountInString(s)
	if n < min {
		if min <= 1 {
			return "", invalid("%s is required — 请填写%s", field, fieldZh[field])
		}
		return "", invalid("%s: at least %d characters — %s至少%d个字", field, min, fieldZh[field], min)
	}
	if n > max {
		return "", invalid("%s: at most %d characters — %s不超过%d字", field, max, fieldZh[field], max)
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }) >= 0 {
		return "", invalid("%s holds control characters — %s含有非法字符", field, fieldZh[field])
	}
	return s, nil
}

// day checks a YYYY-MM-DD day.
func day(field, s string, required bool) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" && !required {
		return "", nil
	}
	if _, err := time.ParseInLocation(time.DateOnly, s, zone.Shanghai()); err != nil {
		return "", invalid("%s %q: want a day like 2026-03-01 — 日期格式应为 2026-03-01", field, s)
	}
	return s, nil
}

// community reads a community (社区/村) of this deployment; anything else
// — a street, a code of another district — is refused with what to do.
func community(ctx context.Context, q store.Querier, code string) (org.Region, error) {
	r, err := org.GetRegion(ctx, q, strings.TrimSpace(code))
	if err != nil {
		return org.Region{}, invalid("community %q is not a community of this district — %q 不是本区的社区，请选择本区社区", code, code)
	}
	if r.Level != org.LevelCommunity && r.Level != org.LevelVillage {
		return org.Region{}, invalid("%s (%s) is not a community: choose a 社区 or 村 — %s 不是社区，请选择社区/村", r.Name, r.Code, r.Name)
	}
	return r, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

type scanner interface{ Scan(dest ...any) error }
