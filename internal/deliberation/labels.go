package deliberation

import "strings"

// Label is a code with its Chinese and English names.
type Label struct{ Code, Zh, En string }

// Bodies that deliberate.
const (
	BodyCouncil         = "council"         // 社区议事协商委员会
	BodyRepresentatives = "representatives" // 社区居民代表会议
	BodyJoint           = "joint"           // 联席会议 (物业、业委会、社区)
)

// Bodies names them in order.
var Bodies = []Label{
	{BodyCouncil, "议事协商委员会", "Deliberation council"},
	{BodyRepresentatives, "居民代表会议", "Residents' representatives meeting"},
	{BodyJoint, "联席会议", "Joint meeting"},
}

// ParticipantKinds: who takes part in a meeting.
var ParticipantKinds = []Label{
	{"resident_rep", "居民代表", "Residents' representative"},
	{"party_member", "党员", "Party member"},
	{"property", "物业服务企业", "Property management"},
	{"owners_committee", "业主委员会", "Owners' committee"},
	{"staff", "社区工作人员", "Community staff"},
	{"unit", "驻区单位", "Local unit"},
	{"deputy", "人大代表、政协委员", "Deputy"},
	{"other", "其他", "Other"},
}

// Sources of a topic.
const (
	SourceResident = "resident" // a resident proposed it on the public page
	SourceOrder    = "order"    // raised from a work order
	SourceStaff    = "staff"    // staff put it forward
)

// Sources names them.
var Sources = []Label{
	{SourceResident, "居民提议", "Proposed by a resident"},
	{SourceOrder, "工单转入", "From a work order"},
	{SourceStaff, "社区提出", "Put forward by staff"},
}

// Topic statuses.
const (
	TopicProposed  = "proposed"  // 待议
	TopicScheduled = "scheduled" // 已列入会议
	TopicDecided   = "decided"   // 已议决
	TopicDeclined  = "declined"  // 不予议事
)

// TopicStatuses names them.
var TopicStatuses = []Label{
	{TopicProposed, "待议", "Proposed"},
	{TopicScheduled, "已列入会议", "On a meeting"},
	{TopicDecided, "已议决", "Decided"},
	{TopicDeclined, "不予议事", "Declined"},
}

// Outcomes of a decided topic.
const (
	OutcomeAdopted  = "adopted"  // 通过
	OutcomeRejected = "rejected" // 未通过
	OutcomeDeferred = "deferred" // 暂缓，下次再议
)

// Outcomes names them.
var Outcomes = []Label{
	{OutcomeAdopted, "通过", "Adopted"},
	{OutcomeRejected, "未通过", "Not adopted"},
	{OutcomeDeferred, "暂缓再议", "Deferred"},
}

// Meeting statuses.
const (
	MeetingPlanned   = "planned"   // 拟召开
	MeetingHeld      = "held"      // 已召开
	MeetingPublished = "published" // 结果已公开
)

// MeetingStatuses names them.
var MeetingStatuses = []Label{
	{MeetingPlanned, "拟召开", "Planned"},
	{MeetingHeld, "已召开", "Held"},
	{MeetingPublished, "结果已公开", "Results published"},
}

// Task statuses.
const (
	TaskOpen = "open" // 落实中
	TaskDone = "done" // 已落实
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

// Name is the label of code among ls in Chinese (zh) or English.
func Name(ls []Label, code string, zh bool) string {
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
