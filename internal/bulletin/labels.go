package bulletin

import "civicgrid/internal/report"

// Lang is the language a workbook or mail is written in.
type Lang string

const (
	Chinese Lang = "zh-CN"
	English Lang = "en"
)

// labels are the words of the workbook and the mail, per language. Pages
// have their own catalogue; these travel by e-mail where no page is.
var labels = map[Lang]map[string]string{
	Chinese: {
		"week": "周报", "month": "月报",
		"sheet.summary": "概况", "sheet.categories": "诉求分类", "sheet.units": "单位排名", "sheet.departments": "部门排名",
		"sheet.concerns": "超期与退单", "sheet.notable": "重点工单", "sheet.topics": "热点问题",
		"topic": "问题", "count": "工单数", "communities": "涉及社区", "trend": "趋势", "rising": "上升", "steady": "持平或下降",
		"figure": "指标", "current": "本期", "previous": "上期", "delta": "变化",
		"received": "受理量", "valid": "有效工单", "response_rate": "响应率", "solve_rate": "解决率",
		"satisfaction_rate": "满意率", "callback_rate": "回访率", "score": "三率综合得分",
		"rank": "排名", "unit": "单位", "code": "编码", "category": "类别", "share": "占比",
		"resolve_rate": "办结率", "overdue": "超期工单", "returned": "退单次数", "level": "层级",
		"number": "工单编号", "status": "状态", "handler": "承办单位", "received_at": "受理时间", "reasons": "关注原因",
		"level.centre": "指挥中心", "level.grid": "网格", "level.street": "街道", "level.department": "部门",
		"reason.supervised": "督办", "reason.unsatisfied": "不满意", "reason.reworked": "重办", "reason.returned": "多次退单",
		"period": "统计周期", "as_of": "数据截至", "link": "在线查看与打印",
		"mail.intro": "以下为本期工单办理情况，详表见附件。", "points": "个百分点",
	},
	English: {
		"week": "weekly bulletin", "month": "monthly bulletin",
		"sheet.summary": "Summary", "sheet.categories": "Categories", "sheet.units": "Units", "sheet.departments": "Departments",
		"sheet.concerns": "Overdue and returned", "sheet.notable": "Notable orders", "sheet.topics": "Hot topics",
		"topic": "Topic", "count": "Orders", "communities": "Communities", "trend": "Trend", "rising": "rising", "steady": "steady or falling",
		"figure": "Figure", "current": "This period", "previous": "Previous", "delta": "Change",
		"received": "Received", "valid": "Valid orders", "response_rate": "Response rate", "solve_rate": "Resolution rate",
		"satisfaction_rate": "Satisfaction", "callback_rate": "Callback rate", "score": "Score",
		"rank": "Rank", "unit": "Unit", "code": "Code", "category": "Category", "share": "Share",
		"resolve_rate": "Closed rate", "overdue": "Overdue", "returned": "Returns", "level": "Level",
		"number": "Order", "status": "Status", "handler": "Handler", "received_at": "Received", "reasons": "Why",
		"level.centre": "Command centre", "level.grid": "Grid", "level.street": "Street", "level.department": "Department",
		"reason.supervised": "supervised", "reason.unsatisfied": "unsatisfied", "reason.reworked": "reopened", "reason.returned": "returned repeatedly",
		"period": "Period", "as_of": "Figures as of", "link": "Read and print online",
		"mail.intro": "The orders of the period in brief; the tables are attached.", "points": " points",
	},
}

// T is the label of key in lang (Chinese when lang is unknown).
func (l Lang) T(key string) string {
	m, ok := labels[l]
	if !ok {
		m = labels[Chinese]
	}
	if s, ok := m[key]; ok {
		return s
	}
	return key
}

// Title is a bulletin's title: "明山区 周报 2026-03-02 — 2026-03-08".
func (l Lang) Title(b report.Bulletin) string {
	return b.NodeName + " " + l.T(string(b.Kind)) + " " + b.Period.From.Format("2006-01-02") + " — " +
		b.Period.LastDay().Format("2006-01-02")
}

// HandlerName names a unit, the centre by its level.
func (l Lang) HandlerName(level, name string) string {
	if name == "" {
		return l.T("level." + level)
	}
	return name
}
