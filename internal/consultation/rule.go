package consultation

import "fmt"

// Rules a consultation is decided by.
const (
	// RuleMajor: 民法典 第278条 for 筹集维修资金, 改建重建建筑物及其附属设施,
	// 改变共有部分用途 — ≥ 2/3 of area and owners take part, ≥ 3/4 of the
	// participating area and owners agree.
	RuleMajor = "civil278_major"
	// RuleOrdinary: 民法典 第278条 for the other matters — ≥ 2/3 take part,
	// more than half of the participating area and owners agree.
	RuleOrdinary = "civil278_ordinary"
	// RuleConsent: a share of the eligible households agrees (local
	// renovation rules for 改不改; default ≥ 2/3).
	RuleConsent = "consent"
)

// RuleNames are the rules in Chinese, as result pages state them.
var RuleNames = map[string]string{
	RuleMajor:    "民法典第二百七十八条（重大事项）：专有部分面积和人数均三分之二以上的业主参与表决，经参与表决面积和人数均四分之三以上同意",
	RuleOrdinary: "民法典第二百七十八条（一般事项）：专有部分面积和人数均三分之二以上的业主参与表决，经参与表决面积和人数均过半数同意",
	RuleConsent:  "户数同意比例",
}

// Figures are what a decision is taken on: areas in dm² (0.01 m²),
// owners counted per 专有部分 with one person owning several counted once.
type Figures struct {
	EligibleArea, ParticipatingArea, YesArea       int64
	EligibleOwners, ParticipatingOwners, YesOwners int64
	// Households (houses) for the consent rule.
	EligibleHouses, YesHouses int64
}

// Decision is whether the figures pass a rule, and why not.
type Decision struct {
	Quorum bool // participation reached (always true for consent)
	Passed bool
	Reason string // in Chinese, empty when passed
}

// atLeast reports a/b ≥ n/d ("以上", inclusive) in integers. A zero
// denominator means nothing to reach, which never passes.
func atLeast(a, b, n, d int64) bool { return b > 0 && a*d >= b*n }

// moreThan reports a/b > n/d ("过半数", exclusive).
func moreThan(a, b, n, d int64) bool { return b > 0 && a*d > b*n }

// Decide applies a rule to the figures. consentNum/consentDen is the
// household share for RuleConsent.
func Decide(rule string, f Figures, consentNum, consentDen int64) Decision {
	switch rule {
	case RuleConsent:
		if atLeast(f.YesHouses, f.EligibleHouses, consentNum, consentDen) {
			return Decision{Quorum: true, Passed: true}
		}
		return Decision{Quorum: true, Reason: fmt.Sprintf("同意户数未达 %d/%d", consentNum, consentDen)}
	case RuleMajor, RuleOrdinary:
		if !atLeast(f.ParticipatingArea, f.EligibleArea, 2, 3) {
			return Decision{Reason: "参与表决的专有部分面积未达三分之二"}
		}
		if !atLeast(f.ParticipatingOwners, f.EligibleOwners, 2, 3) {
			return Decision{Reason: "参与表决的业主人数未达三分之二"}
		}
		var area, owners bool
		if rule == RuleMajor {
			area = atLeast(f.YesArea, f.ParticipatingArea, 3, 4)
			owners = atLeast(f.YesOwners, f.ParticipatingOwners, 3, 4)
		} else {
			area = moreThan(f.YesArea, f.ParticipatingArea, 1, 2)
			owners = moreThan(f.YesOwners, f.ParticipatingOwners, 1, 2)
		}
		switch {
		case !area && rule == RuleMajor:
			return Decision{Quorum: true, Reason: "同意的面积未达参与表决面积的四分之三"}
		case !owners && rule == RuleMajor:
			return Decision{Quorum: true, Reason: "同意的人数未达参与表决人数的四分之三"}
		case !area:
			return Decision{Quorum: true, Reason: "同意的面积未过参与表决面积的半数"}
		case !owners:
			return Decision{Quorum: true, Reason: "同意的人数未过参与表决人数的半数"}
		}
		return Decision{Quorum: true, Passed: true}
	}
	return Decision{Reason: "未知规则"}
}

// ValidRule reports whether rule is one of the rules.
func ValidRule(rule string) bool { _, ok := RuleNames[rule]; return ok }
