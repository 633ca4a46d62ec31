package party

import "strings"

// Label is a code with its Chinese and English names.
type Label struct{ Code, Zh, En string }

// Kinds of organisation.
const (
	OrgCommittee = "committee" // 社区党委
	OrgGeneral   = "general"   // 社区党总支
	OrgBranch    = "branch"    // 党支部
	OrgGroup     = "group"     // 网格党小组
)

// Kinds of member.
const (
	MemberCommunity = "community" // 社区党员: organisation in the community
	MemberWorking   = "working"   // 在职党员: of a unit, reports twice
)

// Kinds of report (双报到).
const (
	ReportResidence = "residence" // 居住地社区报到
	ReportPaired    = "paired"    // 单位结对社区报到
)

// Names of the codes, in the order pages list them.
var (
	OrgKinds    = []Label{{OrgCommittee, "社区党委", "Community Party committee"}, {OrgGeneral, "社区党总支", "General Party branch"}, {OrgBranch, "党支部", "Party branch"}, {OrgGroup, "网格党小组", "Grid Party group"}}
	MemberKinds = []Label{{MemberCommunity, "社区党员", "Community member"}, {MemberWorking, "在职党员", "Working member"}}
	ReportKinds = []Label{{ReportResidence, "居住地社区", "Where they live"}, {ReportPaired, "单位结对社区", "Unit's paired community"}}
	UnitKinds   = []Label{{"organ", "机关", "Government organ"}, {"institution", "事业单位", "Public institution"}, {"soe", "国有企业", "State-owned enterprise"}, {"enterprise", "非公企业", "Private enterprise"}, {"other", "其他", "Other"}}
	Slots       = []Label{{"am", "上午", "Morning"}, {"pm", "下午", "Afternoon"}, {"day", "全天", "All day"}}
)

// lookup finds s by code or Chinese name.
func lookup(ls []Label, s string) (Label, bool) {
	s = strings.TrimSpace(s)
	for _, l := range ls {
		if s == l.Code || s == l.Zh {
			return l, true
		}
	}
	return Label{}, false
}

func codes(ls []Label) string {
	var b strings.Builder
	for i, l := range ls {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(l.Code + " (" + l.Zh + ")")
	}
	return b.String()
}

// Zh is the Chinese name of a code of any list here ("" when unknown).
func Zh(code string) string {
	for _, ls := range [][]Label{OrgKinds, MemberKinds, ReportKinds, UnitKinds, Slots} {
		for _, l := range ls {
			if l.Code == code {
				return l.Zh
			}
		}
	}
	return ""
}
