package ui

func init() {
	addMessages(map[string]message{
		"duty.full":               {"专职", "full-time"},
		"duty.part":               {"兼职", "part-time"},
		"staff.add.heading":       {"安排网格人员", "Assign someone to this grid"},
		"staff.username":          {"用户名", "Username"},
		"staff.username.help":     {"网格员账号的用户名（角色须为网格员，且属于本辖区）。", "The username of a grid-role account in your area."},
		"staff.role":              {"岗位", "Post"},
		"staff.duty":              {"专兼职", "Duty"},
		"staff.add":               {"安排", "Assign"},
		"staff.remove":            {"移出", "Remove"},
		"staff.added":             {"已安排。", "Assigned."},
		"staff.removed":           {"已移出。", "Removed."},
		"staff.err.nouser":        {"本辖区没有这个用户。", "No such user in your area."},
		"staff.err.wronguser":     {"该用户不能担任此岗位（须为启用的网格员账号）。", "This user cannot hold the post (it takes an enabled grid-role account)."},
		"staff.err.headexists":    {"本网格已有网格长，请先移出原网格长。", "The grid already has a head; remove the present one first."},
		"staff.err.already":       {"该用户已在本网格担任其他岗位。", "This user already holds another post on this grid."},
		"staff.err.forbidden":     {"您的角色不能安排网格人员。", "Your role may not assign grid posts."},
		"staff.err.notmember":     {"该用户不在本网格。", "This user is not on this grid."},
		"portal.err.noaddress":    {"没有找到这个地址。请核对门牌号，或选择所在社区，或在地图上标出位置。", "We could not find this address. Check the number, choose the community, or pin the place on the map."},
		"portal.err.closest":      {"最接近的地址：", " Closest addresses: "},
		"portal.err.closest.sep":  {"；", "; "},
		"staff.err.invalidchoice": {"请选择岗位和专兼职。", "Choose a post and a duty."},
	})
}
