package calendar

// Entry is one listed day of a holiday schedule: a day off (a holiday, or
// a weekday given off in exchange) or a working day (usually a weekend made
// a make-up working day, 调休上班). Days not listed follow the week.
type Entry struct {
	Date    string // YYYY-MM-DD
	Workday bool
	// Name is the holiday in Chinese (春节); for a make-up working day, the
	// holiday it makes up for, or a note such as 春节调休.
	Name   string
	NameEn string // English name, optional
}

func (e Entry) kind() string {
	if e.Workday {
		return "work"
	}
	return "off"
}
