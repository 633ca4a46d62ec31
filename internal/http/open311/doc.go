// Package open311 serves Open311 GeoReport v2 under /open311/v2/ (and the
// service discovery document under /open311/), mapped onto the work-order
// engine: a service is a leaf of the category catalogue, a service request
// is an order filed through the API channel.
//
// Every endpoint answers XML (the default, and what the spec requires) or
// JSON, chosen by the .xml / .json suffix of the resource. Errors are
// <errors><error><code/><description/></error></errors> (a JSON list),
// with 404 for what does not exist, 403 for a missing, revoked or
// out-of-area api_key, 429 past a key's rate and 400 for everything else —
// also for a failure on our side, as the spec asks ("General service
// error"); those are logged.
//
// One jurisdiction per deployment: jurisdiction_id may be left out; when
// given it must be the configured region code (Options.Jurisdiction, by
// default the smallest region holding every grid), else 404.
//
// What Open311 shows of an order is what a resident may see: no reporter
// details, no confidential (保密) orders at all, and only orders inside the
// jurisdiction (or inside the key's node when an api_key is given).
//
// POST requests takes one parameter beyond the spec: notify=true when the
// requester wants to hear back (acceptance, first reply, resolution) by
// SMS to phone or e-mail to email (docs/notices.md); without a phone or an
// e-mail it is refused, anything but true/false/1/0 too.
//
// # Status mapping
//
//	our status   Open311   FixMyStreet extended status (updates)
//	new          open      OPEN
//	pending      open      INVESTIGATING      受理, the centre decides who handles it
//	dispatched   open      INVESTIGATING      sent to a handler who has not signed
//	processing   open      IN_PROGRESS
//	suspended    open      ACTION_SCHEDULED   approved pause, work resumes later
//	resolved     closed    FIXED
//	closed       closed    FIXED after a resolution (callback), CLOSED when answered directly
//	cancelled    closed    NO_FURTHER_ACTION  作废: not a real request
//	merged       closed    DUPLICATE          并单 into another request
//
// A client's POST servicerequestupdates never moves an order by itself:
// only staff act on the lifecycle. It becomes a public timeline note
// (resident_note). An open-type status (OPEN, REOPEN, INVESTIGATING,
// IN_PROGRESS, ACTION_SCHEDULED) sent for a resolved order becomes a
// reopen request (reopen_request) for the dispatcher, who alone may reopen
// (重办); for an order that is closed (archived), cancelled or merged the
// engine allows no reopening, so that is refused with 400. Closed-type
// statuses (FIXED, CLOSED, DUPLICATE, NOT_COUNCILS_RESPONSIBILITY,
// UNABLE_TO_FIX, NO_FURTHER_ACTION, INTERNAL_REFERRAL) are kept with the
// note as what the resident claims.
package open311
