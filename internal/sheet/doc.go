// Package sheet writes tables for people and for machines: an .xlsx
// workbook through excelize's StreamWriter (Chinese offices exchange
// .xlsx) or a CSV file, from the same columns and rows.
//
// A table is a list of typed columns and rows streamed one at a time, so
// an export of any length holds one row in memory, never the table:
//
//	w := sheet.NewXLSX(out, zone)
//	w.Sheet("工单", []sheet.Column{{Title: "工单编号"}, {Title: "受理时间", Kind: sheet.DateTime}})
//	w.Row("202611230001", receivedAt)
//	w.Close()
//
// In the workbook the header row is bold and frozen, columns have widths,
// numbers are numbers, dates are dates (shown in zone) and percentages
// are fractions formatted as 0.0%; a nil value is a blank cell (a rate
// with nothing to count). In CSV the same values are written as text (a
// UTF-8 BOM first, so Excel reads the Chinese), and a cell that starts
// like a formula gets a leading apostrophe (CSV injection).
package sheet
