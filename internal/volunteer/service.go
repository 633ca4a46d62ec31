package volunteer

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Config is what the service needs. Orders files patrol findings as work
// orders (nil: findings stay findings).
type Config struct {
	DB     *store.DB
	Keys   *pii.Keyring
	Orders *order.Service
	Now    func() time.Time
}

// Service keeps teams, volunteers, activities, ledgers and patrols.
type Service struct{ cfg Config }

// New makes the service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Keys == nil {
		return nil, errors.New("volunteer: DB and Keys are required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}, nil
}

func (s *Service) now() time.Time { return s.cfg.Now() }

// Label is a code with its Chinese and English names.
type Label struct{ Code, Zh, En string }

// Skills a volunteer may offer, and when they are available.
var (
	Skills = []Label{{"elder", "助老服务", "Elder care"}, {"medical", "医疗救护", "First aid"}, {"legal", "法律咨询", "Legal advice"},
		{"tutor", "课业辅导", "Tutoring"}, {"repair", "家电维修", "Repairs"}, {"patrol", "治安巡逻", "Patrol"},
		{"environment", "环境保护", "Environment"}, {"culture", "文体活动", "Culture and sport"}, {"psych", "心理疏导", "Counselling"},
		{"driving", "驾驶", "Driving"}}
	Availability = []Label{{"weekday_day", "工作日白天", "Weekday daytime"}, {"weekday_evening", "工作日晚上", "Weekday evenings"},
		{"weekend", "周末", "Weekends"}, {"anytime", "随时", "Any time"}}
	TeamKinds = []Label{{TeamService, "志愿服务队", "Service team"}, {TeamPatrol, "志愿巡逻队", "Patrol team"}}
)

// Team kinds.
const (
	TeamService = "service"
	TeamPatrol  = "patrol"
)

// LabelOf is the name of code in ls, in Chinese or English.
func LabelOf(ls []Label, code string, zh bool) string {
	for _, l := range ls {
		if l.Code == code {
			if zh {
				return l.Zh
			}
			return l.En
		}
	}
	return code
}

// codes checks a list of codes (or their Chinese names) against ls and
// returns the codes, comma-joined, in ls's order.
func codes(field string, in []string, ls []Label) (string, error) {
	var out []string
	for _, l := range ls {
		for _, x := range in {
			if strings.TrimSpace(x) == l.Code || strings.TrimSpace(x) == l.Zh {
				out = append(out, l.Code)
				break
			}
		}
	}
	distinct := map[string]bool{} // a code given twice counts once
	for _, x := range in {
		if x = strings.TrimSpace(x); x != "" {
			code := x
			for _, l := range ls {
				if x == l.Zh {
					code = l.Code
				}
			}
			distinct[code] = true
		}
	}
	n := len(distinct)
	if len(out) != n {
		var want []string
		for _, l := range ls {
			want = append(want, l.Zh)
		}
		return "", invalid("%s %q: choose from %s — %s只能从以下选择：%s", field, strings.Join(in, ","), codesOf(ls), fieldZh[field], strings.Join(want, "、"))
	}
	return strings.Join(out, ","), nil
}

func codesOf(ls []Label) string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Code)
	}
	return strings.Join(out, ", ")
}

var fieldZh = map[string]string{"name": "姓名", "phone": "手机号", "title": "活动名称", "detail": "活动说明", "place": "活动地点",
	"team": "队伍名称", "note": "说明", "purpose": "查看事由", "reason": "事由", "finding": "发现的问题", "skills": "技能特长",
	"availability": "服务时间"}

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

// phone normalises and checks a mainland mobile number: volunteers are
// reached by SMS, and one registration per phone needs one form of it.
func phone(raw string) (string, error) {
	p := strings.TrimPrefix(pii.NormalizePhone(raw), "+86")
	if p == "" {
		return "", invalid("phone is required — 请填写手机号")
	}
	if !pii.ValidPhone(p) || len(p) != 11 || p[0] != '1' {
		return "", invalid("phone %q is not a phone number — 手机号格式不对", raw)
	}
	return p, nil
}

// under turns a region prefix into a half-open range [lo, hi) of codes,
// which both databases answer from an index (a LIKE prefix needs a
// special operator class on PostgreSQL): codes are digits, and ':' sorts
// right after '9'.
func under(prefix string) (lo, hi string) { return prefix, prefix + ":" }

// MaxPage bounds one page of a list.
const MaxPage = 200

func pageSize(n int) int {
	if n <= 0 || n > MaxPage {
		return MaxPage
	}
	return n
}

func target(kind string, id int64) string { return fmt.Sprintf("%s:%d", kind, id) }

// Now is the service's clock, so pages judge "under way" by the same
// time as the rules.
func (s *Service) Now() time.Time { return s.now() }
