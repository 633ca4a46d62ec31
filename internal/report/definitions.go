package report

import (
	"fmt"
	"strconv"
)

// Definition names one measure and its formula, in Chinese and English,
// for pages to show beside the figures. ID is the JSON name of the figure
// in Rates.
type Definition struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"` // count, rate or score
	NameZh    string `json:"name_zh"`
	NameEn    string `json:"name_en"`
	FormulaZh string `json:"formula_zh"`
	FormulaEn string `json:"formula_en"`
}

// cohort is the rule every measure shares.
const (
	cohortZh = "统计口径：受理时间落在 [起, 止) 内的工单；“有效工单”不含作废与并单。"
	cohortEn = "All measures count the orders received in [from, to); valid orders exclude cancelled and merged ones."
)

// Definitions lists every measure with its formula as this Reporter
// computes it (the rating and score weights are filled in). The formulas
// are the ones documented in rates.go and score.go.
func (r *Reporter) Definitions() []Definition {
	w, g := r.weights, r.ratings
	solveZh, solveEn := "办结率", "resolve rate"
	if r.solve == SolveByOnTimeRate {
		solveZh, solveEn = "按期办结率", "on-time resolve rate"
	}
	return []Definition{
		{"received", "count", "受理量", "Received",
			"受理量 = 期内受理的全部工单数（含作废、并单）。" + cohortZh,
			"Received = every order received in the period, cancelled and merged ones included. " + cohortEn},
		{"valid", "count", "有效工单量", "Valid orders",
			"有效工单量 = 受理量 − 作废 − 并单",
			"Valid = received − cancelled − merged"},
		{"response_rate", "rate", "响应率", "Response rate",
			"响应率 = 按时作出暂时性答复的工单数 ÷ 应答复工单数。应答复：有效工单中已答复，或答复时限已到的；按时：首次答复时间 ≤ 答复时限。",
			"Response rate = orders with an on-time provisional reply ÷ orders due a reply. Due: valid orders replied to, or whose reply deadline has passed; on time: first reply ≤ the reply deadline."},
		{"on_time_resolve_rate", "rate", "按期办结率", "On-time resolve rate",
			"按期办结率 = 在办结时限内办结的工单数 ÷ 应办结工单数。应办结：有效工单中已办结，或未办结、未挂起且办结时限已到的；时限含经批准的延期，重办以重办时限计。",
			"On-time resolve rate = orders resolved by their deadline ÷ orders due. Due: valid orders resolved, or open (not suspended) past their deadline; approved extensions move the deadline, a reopened order is judged on its rework deadline."},
		{"resolve_rate", "rate", "办结率", "Resolve rate",
			"办结率 = 已办结（含已回访归档）工单数 ÷ 有效工单数",
			"Resolve rate = orders resolved or closed ÷ valid orders"},
		{"satisfaction_rate", "rate", "满意率", "Satisfaction rate",
			fmt.Sprintf("满意率 = (满意 × %s + 基本满意 × %s) ÷ 已评价工单数（以最近一次回访评价计）", num(g.Satisfied), num(g.Basic)),
			fmt.Sprintf("Satisfaction rate = (satisfied × %s + basically satisfied × %s) ÷ rated orders (latest callback rating)", num(g.Satisfied), num(g.Basic))},
		{"strict_satisfaction_rate", "rate", "满意率（仅满意）", "Satisfaction rate (satisfied only)",
			"满意率（仅满意）= 满意 ÷ 已评价工单数",
			"Strict satisfaction rate = satisfied ÷ rated orders"},
		{"callback_rate", "rate", "回访率", "Callback rate",
			"回访率 = 最近一次办结后已回访的工单数 ÷ 已办结工单数（不含当场直接答复的咨询）；拒访计为已回访，未接通不计",
			"Callback rate = orders called back after their latest resolution ÷ orders resolved (consultations answered on the spot excluded); a refused callback counts as done, an unanswered call does not"},
		{"rework_rate", "rate", "返工率", "Rework rate",
			"返工率 = 重办过（重办次数 ≥ 1）的工单数 ÷ 办结过的工单数",
			"Rework rate = orders reopened at least once ÷ orders resolved at least once"},
		{"extension_rate", "rate", "延期率", "Extension rate",
			"延期率 = 有经批准延期的工单数 ÷ 有效工单数",
			"Extension rate = orders with an approved extension ÷ valid orders"},
		{"merge_rate", "rate", "并单率", "Merge rate",
			"并单率 = 并入主单的重复工单数 ÷ 受理量",
			"Merge rate = duplicates merged into a master ÷ received"},
		{"patrol_share", "rate", "未诉先办占比", "Found on patrol",
			"未诉先办占比 = 网格巡查发现的工单数 ÷ 受理量",
			"Patrol share = orders found on a grid patrol ÷ received"},
		{"score", "score", "三率综合得分", "Three-rate score",
			fmt.Sprintf("三率综合得分 = 100 × (%s × 响应率 + %s × 解决率 + %s × 满意率) ÷ (%s + %s + %s)，解决率取%s；某率无样本时不计入，其权重按比例分摊给其余两率。",
				num(w.Response), num(w.Solve), num(w.Satisfaction), num(w.Response), num(w.Solve), num(w.Satisfaction), solveZh),
			fmt.Sprintf("Score = 100 × (%s × response + %s × solve + %s × satisfaction) ÷ (%s + %s + %s), solve = %s; a rate with no sample drops out and its weight is shared by the others in proportion.",
				num(w.Response), num(w.Solve), num(w.Satisfaction), num(w.Response), num(w.Solve), num(w.Satisfaction), solveEn)},
	}
}

// num prints a weight without trailing zeros: 10, 0.8.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
