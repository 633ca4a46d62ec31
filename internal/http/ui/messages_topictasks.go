package ui

func init() {
	addMessages(map[string]message{
		"nav.topictasks":   {"热点交办", "Topic tasks"},
		"tt.title":         {"热点问题交办", "Hot topics handed out"},
		"tt.task.title":    {"交办任务", "Coordinated task"},
		"tt.lead":          {"指挥中心把同一热点的工单统筹交给一个牵头单位，限期办结，未诉先办。", "The centre hands the orders of one hot topic to one lead unit with a due day."},
		"tt.none":          {"暂无交办任务。", "No tasks."},
		"tt.status.open":   {"办理中", "Open"},
		"tt.status.closed": {"已办结", "Closed"},
		"tt.overdue":       {"已逾期", "Overdue"},
		"tt.lead.unit":     {"牵头单位：", "Lead unit: "},
		"tt.due":           {"办结时限：", "Due: "},
		"tt.created":       {"交办日期：", "Handed out: "},
		"tt.progress":      {"已办结工单 %d / %d 件", "%d of %d orders resolved"},
		"tt.outcome":       {"办理结果：", "Outcome: "},
		"tt.orders":        {"关联工单", "Linked orders"},
		"tt.notes":         {"办理进展", "Progress"},
		"tt.notes.none":    {"尚无进展记录。", "No progress recorded yet."},
		"tt.note.closed":   {"办结：", "Closed: "},
		"tt.step.progress": {"记录进展", "Record progress"},
		"tt.step.close":    {"办结任务", "Close the task"},
		"tt.text":          {"进展情况", "Progress"},
		"tt.outcome.text":  {"办理结果", "Outcome"},
		"tt.done.created":  {"已交办，牵头单位可在“热点交办”中看到该任务。", "Handed out: the lead unit sees the task under Topic tasks."},
		"tt.done.progress": {"进展已记录。", "Progress recorded."},
		"tt.done.close":    {"任务已办结。", "The task is closed."},
		"hot.hand":         {"交办", "Hand out"},
		"hot.hand.unit":    {"牵头单位", "Lead unit"},
		"hot.hand.due":     {"办结时限", "Due"},
		"hot.handed":       {"已交办", "Handed out"},
	})
}
