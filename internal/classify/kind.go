package classify

import "strings"

// Demand types (诉求类型) of an order.
const (
	KindConsult   = "consult"   // 咨询
	KindHelp      = "help"      // 求助
	KindComplaint = "complaint" // 投诉
	KindReport    = "report"    // 举报
	KindSuggest   = "suggest"   // 建议
	KindPraise    = "praise"    // 表扬
	KindOther     = "other"     // 其他
)

// Kinds lists the demand types in display order.
var Kinds = []string{KindConsult, KindHelp, KindComplaint, KindReport, KindSuggest, KindPraise, KindOther}

// KindNames are the demand types' Chinese names.
var KindNames = map[string]string{KindConsult: "咨询", KindHelp: "求助", KindComplaint: "投诉", KindReport: "举报",
	KindSuggest: "建议", KindPraise: "表扬", KindOther: "其他"}

// kindWords are the words that mark each demand type, strongest first in
// the order kinds are tried: an explicit 举报 or 投诉 says more than a
// question mark.
var kindWords = []struct {
	kind  string
	words []string
}{
	{KindReport, []string{"举报", "揭发", "检举"}},
	{KindPraise, []string{"表扬", "感谢", "点赞", "锦旗", "致谢", "谢意"}},
	{KindComplaint, []string{"投诉", "不作为", "乱收费", "态度恶劣", "扰民", "违规", "违法", "强制", "拖欠", "不合理"}},
	{KindSuggest, []string{"建议", "希望能", "能否", "可否", "呼吁", "提议"}},
	{KindHelp, []string{"求助", "帮忙", "帮帮", "救助", "急需", "被困", "求救"}},
	{KindConsult, []string{"咨询", "请问", "怎么办理", "如何办理", "是否可以", "能不能", "怎么", "如何", "哪里", "多少", "吗？", "吗?", "？"}},
}

// SuggestKind proposes the demand type of text from its wording: the first
// type (in the order above) one of whose words appears, else other.
func SuggestKind(text string) string {
	t := string(normText(text))
	for _, kw := range kindWords {
		for _, w := range kw.words {
			if strings.Contains(t, string(normText(w))) {
				return kw.kind
			}
		}
	}
	return KindOther
}
