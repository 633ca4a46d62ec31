package ui

func init() {
	addMessages(map[string]message{
		"mail.title":         {"来信（电子邮件）", "Letters (e-mail)"},
		"mail.lead":          {"居民发到热线邮箱的来信。请阅读后在地图上定位并登记为工单，或说明理由不予受理。", "Letters residents sent to the hotline's mailbox. Read each, place it on the map and file it as an order, or reject it with a reason."},
		"mail.new":           {"待受理", "Waiting"},
		"mail.filed":         {"已登记", "Filed"},
		"mail.rejected":      {"不予受理", "Rejected"},
		"mail.none":          {"没有来信。", "No letters."},
		"mail.from":          {"来信人", "From"},
		"mail.subject":       {"主题", "Subject"},
		"mail.received":      {"收到时间", "Received"},
		"mail.attachments":   {"附件（未保存，请联系来信人补充照片）", "attachments (not kept; ask the sender for photos if needed)"},
		"mail.letter":        {"来信", "Letter"},
		"mail.file":          {"登记为工单", "File as an order"},
		"mail.filehint":      {"在登记台中打开，来信内容和来信人已填好，只需定位和选择类别。", "Opens the console with the letter and the sender filled in; place it and choose the category."},
		"mail.reject":        {"不予受理", "Reject"},
		"mail.reason":        {"理由", "Reason"},
		"mail.reasonhelp":    {"例如：广告邮件；非本区事项，已告知来信人向××反映。", "E.g. advertising; not a matter for this district, the sender was told where to turn."},
		"mail.badreason":     {"请写明不予受理的理由（2 至 500 个字）。", "Give the reason (2 to 500 characters)."},
		"mail.stale":         {"这封来信已被他人处理，请返回列表。", "Someone else has dealt with this letter; go back to the list."},
		"mail.order":         {"工单", "Order"},
		"mail.done.rejected": {"来信已标记为不予受理。", "The letter is marked as rejected."},
		"mail.done.filed":    {"来信已登记为工单。", "The letter is filed as an order."},
		"mail.back":          {"返回来信列表", "Back to the letters"},
	})
}

func init() {
	addMessages(map[string]message{
		"console.letter":      {"正在登记的来信", "The letter being filed"},
		"console.letter.help": {"保存后工单来源记为“电子邮件”，来信人邮箱加密保存，来信标记为已登记。", "On save the order's channel is e-mail, the sender's address is sealed with it, and the letter is marked filed."},
	})
}
