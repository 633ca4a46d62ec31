package category

import (
	"regexp"
	"strings"
)

// Route levels: where an order goes when it is accepted. They are also the
// handler levels of an order (the ladder of docs/design.md §3).
const (
	LevelGrid       = "grid"       // 网格领办
	LevelStreet     = "street"     // 街道首办
	LevelCentre     = "centre"     // 指挥中心交办: the dispatcher decides
	LevelDepartment = "department" // 区直部门承办
)

// Route is a category's default destination: a level of the ladder, or a
// named department (a gas leak goes straight to the gas company).
type Route struct {
	Level      string
	Department string // set only when Level is LevelDepartment
}

// departmentCodeRE matches org department codes.
var departmentCodeRE = regexp.MustCompile(`^[a-z0-9_-]{2,32}$`)

// ParseRoute reads "grid", "street", "centre" or "department:<code>".
func ParseRoute(s string) (Route, error) {
	s = strings.TrimSpace(s)
	switch s {
	case LevelGrid, LevelStreet, LevelCentre:
		return Route{Level: s}, nil
	}
	if code, ok := strings.CutPrefix(s, LevelDepartment+":"); ok {
		if !departmentCodeRE.MatchString(code) {
			return Route{}, invalid("route", "department code %q must be 2-32 of a-z, 0-9, _ and -", code)
		}
		return Route{Level: LevelDepartment, Department: code}, nil
	}
	return Route{}, invalid("route", "%q: want grid, street, centre or department:<code>", s)
}

// String is the stored form, the inverse of ParseRoute.
func (r Route) String() string {
	if r.Level == LevelDepartment {
		return LevelDepartment + ":" + r.Department
	}
	return r.Level
}
