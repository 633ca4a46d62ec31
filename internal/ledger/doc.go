// Package ledger reads and writes the registers communities keep in Excel
// (台账): standard addresses, houses, people, units and facilities, each as
// one sheet (.xlsx) or CSV file with a header row.
//
// An import checks every line first and reports all bad lines with their
// row numbers; on any problem nothing is written. Each ledger names its
// rows by a natural key (address text, house address, document number,
// credit code, facility code), so a rerun of the same file changes nothing.
// The writes go through the domain packages (address, people, orgunit,
// facility), which keep their own rules and who may do what; the whole
// import runs in one transaction, so a dry run is the same import rolled
// back. Exports write the same columns, so an export imports unchanged.
// See docs/design.md §14.
package ledger
