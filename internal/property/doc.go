// Package property keeps 物业 and 业委会 (docs/design.md §18): the
// property-management companies of a district, which compound (小区) each
// serves under a contract, each compound's owners' committee (业主委员会)
// with its members, and the residents' orders about a compound's property
// management, linked to the company that served it when the order came in,
// from which each company's service score is computed.
package property
