package ui

import "html/template"

func init() {
	addFuncs(template.FuncMap{
		"pct":       classifyPct,
		"routeArgs": func(p *page, r classifyRow) classifyRouteArgs { return classifyRouteArgs{Page: p, Row: r} },
	})
	addMessages(map[string]message{
		"nav.classify":            {"智能分类", "Learned routing"},
		"dashboard.link.classify": {"分类模型的准确度评估，按分类开启自动派单。", "How far to trust the category model; turn on automatic routing per category."},
		"classify.title":          {"智能分类与自动派单", "Learned categories and automatic routing"},
		"classify.lead":           {"模型从本平台已确认分类的工单中学习。交叉验证显示每个分类的准确率、召回率和F1，据此决定哪些分类可以自动派单：只有模型对该分类的把握达到阈值时才自动定类，其余仍由人工确认。", "The model learns from this platform's orders with confirmed categories. Cross-validation shows each category's precision, recall and F1; use it to decide where to route automatically: only when the model is at least as sure as the threshold does it file the order, everything else a person confirms."},
		"classify.model":          {"当前模型", "Current model"},
		"classify.model.info":     {"第 %d 版，学习了 %d 件工单、%d 个分类。", "Version %d, trained on %d orders in %d categories."},
		"classify.model.none":     {"尚未训练模型：历史工单不足时按分类名称和关键词推荐。", "No model yet: while history is thin the catalogue's names and keywords suggest."},
		"classify.folds":          {"交叉验证折数", "Cross-validation folds"},
		"classify.run":            {"运行评估", "Run the evaluation"},
		"classify.eval":           {"评估结果", "Evaluation"},
		"classify.eval.summary":   {"%s 评估：%d 折交叉验证，%d 件工单；准确率 %s，宏平均F1 %s。", "Run %s: %d-fold cross-validation on %d orders; accuracy %s, macro F1 %s."},
		"classify.eval.hint":      {"准确率：模型推荐为该分类的工单中确实属于该分类的比例；召回率：该分类的工单中被模型推荐对的比例。F1低于百分之六十的分类不宜自动派单。", "Precision: of the orders the model put in a category, the share that belong there; recall: of a category's orders, the share the model found. Categories with an F1 under 60 per cent should not be routed automatically."},
		"classify.col.category":   {"分类", "Category"},
		"classify.col.orders":     {"工单数", "Orders"},
		"classify.col.precision":  {"准确率", "Precision"},
		"classify.col.recall":     {"召回率", "Recall"},
		"classify.col.confused":   {"最常混淆为", "Most often taken for"},
		"classify.col.auto":       {"自动派单阈值", "Automatic routing threshold"},
		"classify.confusion":      {"常见混淆（实际 → 推荐：件数）", "Frequent confusions (true → suggested: orders)"},
		"classify.routes":         {"已开启自动派单的分类", "Categories routed automatically"},
		"classify.threshold":      {"阈值", "Threshold"},
		"classify.off":            {"关闭", "off"},
		"classify.on":             {"已开启", "on"},
		"classify.set":            {"保存", "Save"},
		"classify.saved":          {"已保存。", "Saved."},
		"classify.err.few":        {"历史工单太少，无法评估（至少需要两个分类的工单）。", "Too little history to evaluate (orders in at least two categories are needed)."},
		"classify.err.eval":       {"评估失败：折数应在 2 至 20 之间。", "The evaluation failed: folds must be 2 to 20."},
		"classify.err.threshold":  {"阈值应在 %g 至 %g 之间，留空或填 0 为关闭。", "The threshold must be %g to %g; empty or 0 turns routing off."},
	})
}

type classifyRouteArgs struct {
	Page *page
	Row  classifyRow
}
