package ui

// The map legend civicmap.js shows on every map (web/templates/partials.html map-lib).
func init() {
	addMessages(map[string]message{
		"map.legend":       {"图例", "Legend"},
		"map.legend.road":  {"道路", "Roads"},
		"map.legend.river": {"河流", "Rivers"},
		"map.legend.place": {"地名", "Place names"},
		"map.legend.grid":  {"网格", "Grids"},
	})
}
