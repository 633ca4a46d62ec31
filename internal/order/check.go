package order

import "context"

// Check runs every test Create runs on in — channel and role, text,
// location, category and its fields, photos, scope — and writes nothing.
// A bulk import checks every line with it first, so a bad file files
// nothing.
func (s *Service) Check(ctx context.Context, a Actor, in Input) error {
	in, err := s.withFacility(ctx, in)
	if err != nil {
		return err
	}
	in, err = s.cleanInput(a, in, s.clockNow())
	if err != nil {
		return err
	}
	if _, err := s.readPhotos("photos", in.Photos); err != nil {
		return err
	}
	_, _, err = s.checkRefs(ctx, a, in)
	return err
}
