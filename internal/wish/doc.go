// Package wish keeps the 微心愿 of the communities: a resident (or a grid
// worker for an elder) posts a small wish, the community approves it, a
// party member, a volunteer or a unit claims it — once: a second claim is
// refused — and the community records its fulfilment with a photo (its
// metadata stripped). The public wall shows wishes and their fulfilment
// with no personal data: titles, stories, a neutral description of who is
// helped (独居老人), the claimant's kind and, for a unit, its name.
//
// Statuses: pending (待审核) → approved (待认领) or rejected (未通过);
// approved → claimed (已认领) → fulfilled (已实现).
//
// Who may do what (Actions): the community (and admins) review and record
// fulfilment; grid workers post for residents and record fulfilment in
// their grid; anyone may claim an approved wish from the wall; streets and
// leaders read. Outside scope is NotFound.
package wish
