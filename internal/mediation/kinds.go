package mediation

import "strings"

// Label is a code with its Chinese and English names.
type Label struct{ Code, Zh, En string }

// DisputeTypes are the 纠纷类型 a case is filed under.
var DisputeTypes = []Label{
	{"neighbour", "邻里纠纷", "Neighbours"},
	{"family", "婚姻家庭纠纷", "Marriage and family"},
	{"property", "物业纠纷", "Property management"},
	{"labour", "劳资纠纷", "Labour and wages"},
	{"damages", "损害赔偿纠纷", "Compensation for damage"},
	{"land", "土地房屋纠纷", "Land and housing"},
	{"contract", "合同纠纷", "Contracts"},
	{"other", "其他纠纷", "Other"},
}

// Outcomes of a closed case. 转交街道综治中心 is not an outcome but the
// escalation step (Escalate): the case goes on at the street.
const (
	OutcomeSuccess    = "success"    // 调解成功: agreement reached and recorded
	OutcomeFailed     = "failed"     // 调解不成功
	OutcomeLitigation = "litigation" // 转诉讼: the parties go to court
)

// Outcomes names the outcomes in order.
var Outcomes = []Label{
	{OutcomeSuccess, "调解成功", "Settled"},
	{OutcomeFailed, "调解不成功", "Not settled"},
	{OutcomeLitigation, "转诉讼", "Referred to court"},
}

// Sides of a party.
var Sides = []Label{
	{"applicant", "申请人", "Applicant"},
	{"respondent", "被申请人", "Respondent"},
	{"other", "其他当事人", "Other party"},
}

// Levels of a case.
const (
	LevelCommunity = "community" // 社区人民调解委员会
	LevelStreet    = "street"    // 街道综治中心 / 人民调解委员会
)

// Statuses of a case.
const (
	StatusOpen   = "open"
	StatusClosed = "closed"
)

// Names of the levels and statuses.
var (
	LevelNames  = []Label{{LevelCommunity, "社区", "Community"}, {LevelStreet, "街道综治中心", "Street centre"}}
	StatusNames = []Label{{StatusOpen, "调解中", "In mediation"}, {StatusClosed, "已结案", "Closed"}}
)

func lookup(ls []Label, s string) (Label, bool) {
	s = strings.TrimSpace(s)
	for _, l := range ls {
		if s == l.Code || s == l.Zh || strings.EqualFold(s, l.En) {
			return l, true
		}
	}
	return Label{}, false
}

func codes(ls []Label) string {
	var b strings.Builder
	for i, l := range ls {
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString(l.Code + "/" + l.Zh)
	}
	return b.String()
}

// Zh is the Chinese name of any code of this package ("" when unknown).
func Zh(code string) string {
	for _, ls := range [][]Label{DisputeTypes, Outcomes, Sides, LevelNames, StatusNames} {
		if l, ok := lookup(ls, code); ok && l.Code == code {
			return l.Zh
		}
	}
	return ""
}

// En is the English name of any code of this package.
func En(code string) string {
	for _, ls := range [][]Label{DisputeTypes, Outcomes, Sides, LevelNames, StatusNames} {
		if l, ok := lookup(ls, code); ok && l.Code == code {
			return l.En
		}
	}
	return ""
}

// typeOfCategory is the dispute type an order's category suggests.
var typeOfCategory = map[string]string{
	"neighbour.dispute": "neighbour",
	"property.dispute":  "property",
	"wage.arrears":      "labour",
	"mediation.request": "other",
}

// IsMediationCategory reports whether orders of a category may open a
// case: the requests for mediation and the disputes a mediator settles.
func IsMediationCategory(code string) bool { _, ok := typeOfCategory[code]; return ok }
