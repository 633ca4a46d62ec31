package calendar

import (
	"fmt"
	"strings"
	"time"
)

// WarnFromMonth is when the coming year's schedule is expected: the State
// Council publishes it in late October or November, so from 1 November a
// missing next year is a problem worth shouting about.
const WarnFromMonth = time.November

// MissingYearWarning returns a loud bilingual warning when the schedule
// that deadlines computed at now depend on is missing: the current year at
// any time, and from 1 November (in the calendar's location) the next year
// too. missing is false, and the warning "", when all is in place.
func (c *Calendar) MissingYearWarning(now time.Time) (warning string, missing bool) {
	years := c.MissingYears(now)
	if len(years) == 0 {
		return "", false
	}
	return missingWarning(years), true
}

// MissingYears are the years whose schedule deadlines computed at now
// depend on and which are missing (see MissingYearWarning), for a page to
// say in its own language; none when all is in place.
func (c *Calendar) MissingYears(now time.Time) []int {
	local := now.In(c.loc)
	var years []int
	if y := local.Year(); !c.HasYear(y) {
		years = append(years, y)
	}
	if y := local.Year() + 1; local.Month() >= WarnFromMonth && !c.HasYear(y) {
		years = append(years, y)
	}
	return years
}

// UnpublishedWarning explains, in both languages, what it means that year y
// has no published schedule; "" when it has one.
func (c *Calendar) UnpublishedWarning(y int) string {
	if ys := c.UnpublishedYears(y); len(ys) > 0 {
		return missingWarning(ys)
	}
	return ""
}

// UnpublishedYears is y when it has no published schedule, else none.
func (c *Calendar) UnpublishedYears(y int) []int {
	if c.HasYear(y) {
		return nil
	}
	return []int{y}
}

func missingWarning(years []int) string {
	parts := make([]string, len(years))
	for i, y := range years {
		parts[i] = fmt.Sprint(y)
	}
	ys := strings.Join(parts, "、")
	yen := strings.Join(parts, " and ")
	example := years[len(years)-1]
	return fmt.Sprintf("【警告】%s 年的国务院节假日安排尚未导入！在导入前，该年只把周六、周日当作休息日，"+
		"法定节假日和调休不会计入，工单办理时限会算错。请管理员按国务院办公厅通知导入节假日安排"+
		"（CSV 文件，每行一天：日期,off|work,名称，例如 %d-01-01,off,元旦 和 %d-02-07,work,春节调休）。"+
		" WARNING: the official holiday schedule for %s has not been imported! Until it is, only Saturdays and Sundays "+
		"count as days off in that year: public holidays and make-up working days are ignored and work-order deadlines "+
		"will be wrong. An administrator must import the State Council notice as a CSV file, one line per day: "+
		"date,off|work,name (e.g. %d-01-01,off,元旦 and %d-02-07,work,春节调休).",
		ys, example, example, yen, example, example)
}
