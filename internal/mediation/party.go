package mediation

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Party is a party to a dispute: Name and Phone masked unless Revealed.
type Party struct {
	ID       int64
	Side     string
	Name     string
	Phone    string
	Revealed bool
}

// PartyInput is a party as typed.
type PartyInput struct {
	Side  string
	Name  string
	Phone string
}

type sealedParty struct {
	side, name, nameBlind, phone, phoneBlind string
}

func (s *Service) sealParty(p PartyInput) (sealedParty, error) {
	side, ok := lookup(Sides, p.Side)
	if !ok {
		return sealedParty{}, invalid("side %q: want one of %s — 当事人身份不对", p.Side, codes(Sides))
	}
	name, err := cleanLine("name", p.Name, true)
	if err != nil {
		return sealedParty{}, err
	}
	phone := ""
	if p.Phone != "" {
		if phone = pii.NormalizePhone(p.Phone); !pii.ValidPhone(phone) {
			return sealedParty{}, invalid("phone %q is not a phone number — 联系电话格式不对", p.Phone)
		}
	}
	out := sealedParty{side: side.Code, nameBlind: s.cfg.Keys.Blind(name)}
	if out.name, err = s.cfg.Keys.Seal(name); err != nil {
		return sealedParty{}, err
	}
	if phone != "" {
		if out.phone, err = s.cfg.Keys.Seal(phone); err != nil {
			return sealedParty{}, err
		}
		out.phoneBlind = s.cfg.Keys.Blind(phone)
	}
	return out, nil
}

func insertParty(ctx context.Context, tx *store.Tx, caseID int64, p sealedParty, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO mediation_parties (case_id, side, name_sealed, name_blind, phone_sealed, phone_blind, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, caseID, p.side, p.name, p.nameBlind, p.phone, p.phoneBlind, store.Millis(now))
	return err
}

// parties reads a case's parties, opening the sealed values and masking
// them unless reveal.
func (s *Service) parties(ctx context.Context, q store.Querier, caseID int64, reveal bool) ([]Party, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, side, name_sealed, phone_sealed FROM mediation_parties WHERE case_id = ? ORDER BY id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Party
	for rows.Next() {
		var p Party
		var name, phone string
		if err := rows.Scan(&p.ID, &p.Side, &name, &phone); err != nil {
			return nil, err
		}
		if p.Name, err = s.cfg.Keys.Open(name); err != nil {
			return nil, fmt.Errorf("mediation: party %d: %w", p.ID, err)
		}
		if phone != "" {
			if p.Phone, err = s.cfg.Keys.Open(phone); err != nil {
				return nil, fmt.Errorf("mediation: party %d: %w", p.ID, err)
			}
		}
		if reveal {
			p.Revealed = true
		} else {
			p.Name, p.Phone = pii.MaskName(p.Name), pii.MaskPhone(p.Phone)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// AddParty adds a party to an open case a works.
func (s *Service) AddParty(ctx context.Context, a Actor, id int64, in PartyInput) (Case, error) {
	sp, err := s.sealParty(in)
	if err != nil {
		return Case{}, err
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		c, err := load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := a.need(c, ActionParty); err != nil {
			return err
		}
		now := s.now()
		if err := insertParty(ctx, tx, id, sp, now); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "mediation.party", target(id), Zh(sp.side))
	})
	if err != nil {
		return Case{}, err
	}
	return s.Get(ctx, a, id)
}

// Reveal returns the case with its parties in clear, for a stated purpose,
// and records who looked and why.
func (s *Service) Reveal(ctx context.Context, a Actor, id int64, purpose string) (Case, error) {
	purpose, err := cleanText("purpose", purpose, true, 200)
	if err != nil {
		return Case{}, err
	}
	var c Case
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		if c, err = load(ctx, tx, a, id); err != nil {
			return err
		}
		if err := a.need(c, ActionReveal); err != nil {
			return err
		}
		if c.Parties, err = s.parties(ctx, tx, id, true); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, s.now(), "mediation.reveal", target(id), purpose)
	})
	if err != nil {
		return Case{}, err
	}
	c.Sessions, err = sessions(ctx, s.cfg.DB, id)
	return c, err
}
