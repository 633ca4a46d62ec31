// Package org owns the organisation tree: the official administrative
// divisions (行政区划: province, city, district, street, community or village)
// imported from the National Bureau of Statistics codes, and the
// departments (区直部门) that handle work orders outside that tree.
//
// The codes are hierarchical (2, 4, 6, 9, 12 digits, each a prefix of its
// children), so a node's subtree is a prefix test: see Covers.
package org
