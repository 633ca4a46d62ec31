package ui

func init() {
	addMessages(map[string]message{
		"consult.title":         {"居民征询结果", "What the residents decided"},
		"consult.lead":          {"改不改、改什么、怎么改，由小区业主按户表决；以下数字由表决票实时计算。", "Whether, what and how to renovate, voted house by house by the owners; every figure is counted from the ballots."},
		"consult.stage.whether": {"改不改", "Whether"},
		"consult.stage.what":    {"改什么", "What"},
		"consult.stage.how":     {"怎么改", "How"},
		"consult.open":          {"征询中", "Open"},
		"consult.passed":        {"通过", "Passed"},
		"consult.failed":        {"未通过", "Not passed"},
		"consult.passed.short":  {"通过", "passed"},
		"consult.failed.short":  {"未通过", "not passed"},
		"consult.area":          {"专有部分面积（㎡）", "Area (m²)"},
		"consult.owners":        {"业主（人）", "Owners"},
		"consult.eligible":      {"应参与", "Eligible"},
		"consult.participating": {"参与表决", "Took part"},
		"consult.yes":           {"同意", "Agreed"},
		"consult.yes.option":    {"选择领先项", "Chose the leading option"},
		"consult.counts":        {"应参与%d户，已表决%d户：同意%d、不同意%d、弃权%d。", "%d households, %d voted: %d yes, %d no, %d abstained."},
		"consult.wan":           {"万元", "×10,000 yuan"},
		"consult.option.yes":    {"同意面积 %s㎡ · %d人", "%s m² · %d owners agree"},
		"consult.rule":          {"表决规则：", "Rule: "},
		"consult.adopted":       {"采纳的居民建议", "Residents' suggestions taken up"},
		"consult.adopted.order": {"已立工单", "filed as an order"},
	})
}
