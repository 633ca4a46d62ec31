package ui

func init() {
	addMessages(map[string]message{
		"gridtasks.title":    {"网格任务（未诉先办）", "Grid tasks (acting before anyone calls)"},
		"gridtasks.lead":     {"同一网格 7 天内收到 3 件以上同类诉求时，系统自动生成主动治理任务。请到现场查明原因、处置，并写明情况后办结。", "When one grid receives 3 or more orders of one kind within 7 days, a proactive task is raised. Go and look, deal with the cause, and close the task with what you found and did."},
		"gridtasks.open":     {"待办任务", "Open tasks"},
		"gridtasks.done":     {"已办结", "Done"},
		"gridtasks.none":     {"暂无待办任务。", "No open tasks."},
		"gridtasks.grid":     {"网格", "Grid"},
		"gridtasks.orders":   {"相关工单", "Orders behind it"},
		"gridtasks.raised":   {"生成时间", "Raised"},
		"gridtasks.note":     {"处置情况", "What was found and done"},
		"gridtasks.notehelp": {"至少 4 个字，例如：线路老化，已联系路灯所更换。", "At least 4 characters, e.g. old wiring, the lighting office is replacing it."},
		"gridtasks.close":    {"办结任务", "Close the task"},
		"gridtasks.closed":   {"任务已办结。", "The task is closed."},
		"gridtasks.stale":    {"此任务已被他人更新，请刷新页面后重试。", "Someone changed this task since you opened the page; reload and try again."},
		"gridtasks.badnote":  {"请写明处置情况（4 至 2000 个字）。", "Say what was found and done (4 to 2000 characters)."},
		"gridtasks.donenote": {"办结说明", "Closing note"},
	})
}
