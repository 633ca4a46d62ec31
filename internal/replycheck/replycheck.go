// Package replycheck flags, before an order is closed, the replies a
// resident should not get as they are: a reply that does not address the
// demand (low relevance between demand and reply text), one too short to
// say anything, or one lacking 办理结果 (what was done), 依据 (on what
// grounds: a rule, a finding on the spot) or 时间 (when). The centre sees
// the flags at callback (回访) and on the order page (docs/design.md §15).
package replycheck

import (
	"context"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Flags a reply can raise.
const (
	FlagIrrelevant = "irrelevant" // does not address the demand
	FlagShort      = "short"      // too short to say anything
	FlagNoResult   = "no_result"  // lacks 办理结果
	FlagNoBasis    = "no_basis"   // lacks 依据
	FlagNoTime     = "no_time"    // lacks 时间
)

// Flags lists every flag in the order pages show them.
var Flags = []string{FlagIrrelevant, FlagShort, FlagNoResult, FlagNoBasis, FlagNoTime}

// MinRelevance is the least relevance of reply to demand a reply needs
// (classify.Service.Relevance: the demand's category among the reply's
// ten likeliest); MinLength the least characters (letters and digits,
// punctuation and spaces not counted). See docs/design.md §15.
const (
	MinRelevance = 0.1
	MinLength    = 15
)

// Relevancer scores how far a reply speaks of what its demand asks, 0…1;
// judged is false when it cannot tell (classify.Service.Relevance).
type Relevancer interface {
	Relevance(ctx context.Context, demand, reply string) (score float64, judged bool, err error)
}

// Result is the check of one reply.
type Result struct {
	Relevance float64
	Judged    bool     // relevance was judged (a learned model serves)
	Flags     []string // in the order of Flags; empty when the reply passes
}

// OK reports whether the reply raised no flag.
func (r Result) OK() bool { return len(r.Flags) == 0 }

// Words that carry each element. A reply has a result when it says what
// was done or decided; a basis when it cites a rule or a finding; a time
// when it dates what happened or will.
var (
	resultWords = []string{"已", "完成", "办结", "解决", "修复", "恢复", "处理", "清理", "清运", "更换", "维修", "整改",
		"拆除", "答复", "告知", "解释", "协调", "安排", "不予", "无法", "不属于", "不符合", "驳回", "同意", "落实", "制止", "查处", "罚款"}
	basisWords = []string{"依据", "根据", "按照", "依照", "规定", "条例", "办法", "政策", "标准", "文件", "法》", "《", "第",
		"经查", "经核实", "核实", "经现场", "现场", "勘查", "检测", "调查", "查看", "核查", "属于"}
	timePattern = regexp.MustCompile(`[0-9０-９一二三四五六七八九十两]+\s*(年|月|日|号|时|点|分钟|小时|天|个?工作日|周)|` +
		`今天|今日|昨天|昨日|当天|当日|次日|目前|近日|本周|下周|月底|年底|即日|立即|随后|当即|日前`)
)

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// length counts the letters and digits of s.
func length(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// Check checks reply against demand. An empty reply raises every flag but
// relevance (there is nothing to compare); without a relevancer, or while
// it cannot judge, relevance is not flagged.
func Check(ctx context.Context, rel Relevancer, demand, reply string) (Result, error) {
	reply = strings.TrimSpace(reply)
	var res Result
	if utf8.RuneCountInString(reply) > 0 && rel != nil {
		r, judged, err := rel.Relevance(ctx, demand, reply)
		if err != nil {
			return Result{}, err
		}
		res.Relevance, res.Judged = r, judged
		if judged && r < MinRelevance {
			res.Flags = append(res.Flags, FlagIrrelevant)
		}
	}
	if length(reply) < MinLength {
		res.Flags = append(res.Flags, FlagShort)
	}
	if !containsAny(reply, resultWords) {
		res.Flags = append(res.Flags, FlagNoResult)
	}
	if !containsAny(reply, basisWords) {
		res.Flags = append(res.Flags, FlagNoBasis)
	}
	if !timePattern.MatchString(reply) {
		res.Flags = append(res.Flags, FlagNoTime)
	}
	return res, nil
}
