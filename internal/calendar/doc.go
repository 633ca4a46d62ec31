// Package calendar is the official Chinese working-day calendar and the
// deadline arithmetic built on it (docs/design.md §3 "Time limits").
//
// Working days follow the State Council's yearly holiday notice (国务院办公厅
// 关于部分节假日安排的通知): Saturdays and Sundays are off unless the notice
// makes them make-up working days (调休上班), and listed holidays are off.
// The schedules of 2007–2026 ship embedded (data/holidays.csv, see
// data/README.md); an administrator adds a new year's notice each November
// with ImportNotice, or changes one day with SetOverride. Both are stored in
// calendar_overrides and win over the embedded data.
//
// A Calendar is immutable and safe for concurrent use; after a change, Load
// a new one (Holder swaps it in atomically). All dates are calendar dates
// in the calendar's location, Asia/Shanghai unless told otherwise.
package calendar
