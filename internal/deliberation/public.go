package deliberation

import (
	"context"
	"database/sql"
	"errors"
)

// Published is a meeting as the community reads it once published: the
// meeting, how many of each kind took part, and every topic's decision
// with its tasks — no names, no minutes, no proposer.
type Published struct {
	Meeting
	Attendance []Count
}

// Count is how many participants of one kind took part.
type Count struct {
	Kind string
	N    int
}

// PublicMeetings lists a community's published meetings (every
// community's when community is empty), latest first.
func (s *Service) PublicMeetings(ctx context.Context, community string, limit int) ([]Published, error) {
	where, args := `m.status = ?`, []any{MeetingPublished}
	if community != "" {
		where, args = where+` AND m.community_code = ?`, append(args, community)
	}
	ms, err := s.meetings(ctx, where, args, latestFirst, limit, 0)
	if err != nil {
		return nil, err
	}
	out := make([]Published, 0, len(ms))
	for _, m := range ms {
		p, err := s.published(ctx, m)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// PublicMeeting returns one published meeting; any other is NotFound.
func (s *Service) PublicMeeting(ctx context.Context, id int64) (Published, error) {
	m, err := scanMeeting(s.cfg.DB.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = ? AND m.status = ?`, id, MeetingPublished))
	if errors.Is(err, sql.ErrNoRows) {
		return Published{}, notFound("meeting", id)
	}
	if err != nil {
		return Published{}, err
	}
	return s.published(ctx, m)
}

func (s *Service) published(ctx context.Context, m Meeting) (Published, error) {
	m, err := s.fill(ctx, m)
	if err != nil {
		return Published{}, err
	}
	p := Published{Meeting: m}
	for _, k := range ParticipantKinds {
		n := 0
		for _, x := range m.Participants {
			if x.Kind == k.Code {
				n++
			}
		}
		if n > 0 {
			p.Attendance = append(p.Attendance, Count{Kind: k.Code, N: n})
		}
	}
	p.Participants, p.Minutes = nil, ""
	for i := range p.Topics {
		p.Topics[i].ProposerName, p.Topics[i].ProposerPhone, p.Topics[i].OrderNumber = "", "", ""
	}
	return p, nil
}
