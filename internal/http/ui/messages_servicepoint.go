package ui

func init() {
	addMessages(map[string]message{
		"nav.servicepoints":            {"服务站点", "Service points"},
		"nav.servicepointspublic":      {"服务站点", "Service points"},
		"dashboard.link.servicepoints": {"警务室、司法服务室、党群服务中心、便民服务站：值班人员、开放时间、服务事项。", "Police, legal, party and service offices: staff on duty, hours, services."},
		"sp.public.title":              {"社区服务站点", "Community service points"},
		"sp.public.lead":               {"警务、司法、党群、便民服务进社区：找谁、什么时候开门、能办什么事。", "Police, legal aid, party and everyday services in the community: whom to call, when it is open, what you can do there."},
		"sp.public.link":               {"查看公开页面", "Open the public page"},
		"sp.staff.title":               {"服务站点管理", "Service points"},
		"sp.hours":                     {"开放时间", "Open"},
		"sp.phone":                     {"联系电话", "Phone"},
		"sp.duty":                      {"值班时间", "On duty"},
		"sp.items":                     {"服务事项（%d 项）", "Services (%d)"},
		"sp.none":                      {"暂无服务站点。", "No service points yet."},
		"sp.new":                       {"新增服务站点", "New service point"},
		"sp.kind":                      {"类型", "Kind"},
		"sp.name":                      {"名称", "Name"},
		"sp.address":                   {"地址", "Address"},
		"sp.post":                      {"职务", "Post"},
		"sp.addstaff":                  {"添加值班人员", "Add staff on duty"},
		"sp.additem":                   {"添加服务事项", "Add a service"},
		"sp.item":                      {"服务事项", "Service"},
		"sp.note":                      {"办理说明", "How"},
		"sp.published":                 {"值班人员的姓名、职务和电话将在公开页面显示。", "The name, post and phone of staff on duty are published."},
		"sp.done":                      {"已保存。", "Saved."},
	})
}
