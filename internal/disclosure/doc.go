// Package disclosure keeps the 居务公开 of the communities: 政务、财务、党务
// and 居务 notices with attachments (PDF and images), a publish time (a
// notice may be scheduled) and an archive time (after it the notice moves
// to the archive of the public page). A published notice may still be
// corrected, but never silently: the text it replaces is kept with the
// reason and the public page lists every revision.
//
// Community staff (and their street, and admins) write and publish the
// notices of their communities; leaders and supervisors read them; the
// public sees what is published, per community (Public, Notice). Outside
// scope is NotFound.
package disclosure
