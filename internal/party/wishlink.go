package party

import (
	"context"
	"time"

	"civicgrid/internal/store"
)

// WishMinutes is what a fulfilled 微心愿 credits its claiming member: the
// usual half-day of buying, delivering and sitting with the wisher.
const WishMinutes = 120

// WishClaimant answers internal/wish when a member claims a wish of
// community as themselves: their name and phone in clear (the wish seals
// its own copy), or why they may not — unknown, or not reported there.
func (s *Service) WishClaimant(ctx context.Context, tx *store.Tx, memberID int64, community string) (name, phone string, err error) {
	m, err := s.member(ctx, tx, memberID, true)
	if err != nil {
		return "", "", err
	}
	if !m.ReportedTo(community) {
		return "", "", invalid("member %d has not reported to this community: record the 报到 first — 该党员未向本社区报到，不能认领本社区心愿", m.ID)
	}
	return m.Name, m.Phone, nil
}

// CreditWish credits the member who fulfilled wish id with WishMinutes,
// once.
func (s *Service) CreditWish(ctx context.Context, tx *store.Tx, memberID, wishID int64, community string, at time.Time) error {
	return credit(ctx, tx, memberID, community, "wish", wishID, WishMinutes, at)
}
