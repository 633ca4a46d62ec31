// Package mailbox is the e-mail channel (docs/design.md §3): letters residents
// send to the hotline's mailbox are received as they are (an MTA pipes each
// message to `civicgrid intake mail`), kept with the sender sealed, and
// wait for an operator, who reads the letter, places it on the map and
// files it as an order of channel e-mail — or rejects it with a reason
// (spam, not a matter for the hotline). A letter rarely says where exactly
// the problem is, so a person decides; nothing is guessed.
//
// Chinese mail still arrives in GBK and GB2312 as often as in UTF-8, in
// quoted-printable or base64, plain or multipart; Parse reads all of them.
package mailbox
