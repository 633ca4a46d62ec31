// Package bulletin sends the weekly and monthly bulletins (周报/月报) of a
// district or street by e-mail to the people an administrator lists, and
// writes a bulletin as an .xlsx workbook. The figures are
// report.Bulletin's: the dashboard's own for the same node and period.
//
// Each (node, kind, period) is sent once: a row in bulletin_sends is
// claimed with a lease before the mail goes out and marked sent after, so
// several nodes running the schedule do not send it twice. A node that
// dies between handing the mail to the relay and marking it sent leaves
// the lease to run out, and the bulletin goes out again: at least once,
// with a Message-ID that is the same on every attempt so a mail client
// shows one.
package bulletin
