// Package gridtask turns hot spots into proactive tasks for a grid (未诉先办,
// docs/design.md §3): when at least Min orders of one category arrive from one
// grid within Window, the grid gets one open task naming them, so its
// worker goes and looks before the next resident has to call. The worker
// closes the task with a note of what was found and done.
//
// Raising is safe with several nodes on one PostgreSQL: a partial unique
// index allows one open task per grid and category, and a hot spot whose
// orders all came before its last task was closed is not raised again.
package gridtask
