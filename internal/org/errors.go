package org

import (
	"fmt"

	"civicgrid/internal/errs"
)

// Sentinel errors, for an HTTP layer to map: ErrNotFound to 404,
// ErrConflict to 409, ErrStaleVersion to 409 (or 412).
var (
	ErrNotFound = errs.New(errs.NotFound, "org: not found")
	ErrConflict = errs.New(errs.Conflict, "org: already exists")
	// ErrOutsideScope: the region is not in the admin's part of the tree
	// (a 400, as for any region the form does not offer).
	ErrOutsideScope = errs.New(errs.Invalid, "org: not in your part of the org tree")
	ErrStaleVersion = errs.New(errs.Stale, "org: stale version: the record was changed by someone else; reload and retry")
)

// ValidationError is bad input from the caller (a 400): Field names what
// was wrong, Msg says why.
type ValidationError struct {
	Field string
	Msg   string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("org: invalid %s: %s", e.Field, e.Msg)
}

func (e *ValidationError) ErrorKind() errs.Kind { return errs.Invalid }

// ParseError is a refused line of a divisions file. Line is 1-based (the
// header is line 1); 0 means the file as a whole (missing, unreadable).
type ParseError struct {
	File string
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

func (e *ParseError) ErrorKind() errs.Kind { return errs.Invalid }
