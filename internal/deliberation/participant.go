package deliberation

import (
	"context"

	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Participant is one person at a meeting: the name masked (the public sees
// only how many of each kind took part).
type Participant struct {
	ID          int64
	Kind        string
	Name        string
	Affiliation string
}

// ParticipantInput names a participant. Affiliation is the company,
// committee or unit they speak for (a 物业 company, a 驻区单位), public.
type ParticipantInput struct {
	Kind        string
	Name        string
	Affiliation string
}

// AddParticipant records who takes part in a planned or held meeting.
func (s *Service) AddParticipant(ctx context.Context, a Actor, meeting int64, in ParticipantInput) (Meeting, error) {
	kind, ok := lookup(ParticipantKinds, in.Kind)
	if !ok {
		return Meeting{}, invalid("kind %q: want one of %s — 参会人员类别不对", in.Kind, codes(ParticipantKinds))
	}
	name, err := cleanLine("name", in.Name, true)
	if err != nil {
		return Meeting{}, err
	}
	aff, err := cleanLine("affiliation", in.Affiliation, false)
	if err != nil {
		return Meeting{}, err
	}
	sealed, err := s.cfg.Keys.Seal(name)
	if err != nil {
		return Meeting{}, err
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := s.meetingFor(ctx, tx, a, meeting, ActionParticipant)
		if err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO deliberation_participants (meeting_id, kind, name_sealed, name_blind, affiliation, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, meeting, kind.Code, sealed, s.cfg.Keys.Blind(name), aff, store.Millis(now)); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "deliberation.participant", meetingTarget(meeting), kind.Zh+" "+m.Title)
	})
	if err != nil {
		return Meeting{}, err
	}
	return s.Meeting(ctx, a, meeting)
}

func (s *Service) participants(ctx context.Context, q store.Querier, meeting int64) ([]Participant, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, name_sealed, affiliation FROM deliberation_participants WHERE meeting_id = ? ORDER BY id`, meeting)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Participant
	for rows.Next() {
		var p Participant
		var sealed string
		if err := rows.Scan(&p.ID, &p.Kind, &sealed, &p.Affiliation); err != nil {
			return nil, err
		}
		if plain, err := s.cfg.Keys.Open(sealed); err == nil {
			p.Name = pii.MaskName(plain)
		} else {
			p.Name = "***"
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
