package knowledge

import (
	"context"
	"time"

	"civicgrid/internal/classify"
)

// searchIndex is the text index of the published articles: question (twice,
// it is what a caller asks) and answer, in the classifier's features.
type searchIndex struct {
	ix *classify.Index
}

// rebuildEvery bounds how stale another node's changes may be here.
const rebuildEvery = 5 * time.Second

// MinScore is the least similarity a match needs: below it the words
// shared are incidental (measured on the demo's articles: unrelated
// questions score under 0.1, paraphrases above 0.2).
const MinScore = 0.12

// Match is an article found for a text, with its similarity (0…1).
type Match struct {
	Article Article
	Score   float64
}

func articleText(a Article) string { return a.Question + "\n" + a.Question + "\n" + a.Answer }

// published reads every published article not yet expired, with the
// index over them, rebuilt when a change was made here or after a while.
func (s *Service) published(ctx context.Context) ([]Article, *searchIndex, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if s.index != nil && !s.changed && now.Sub(s.built) < rebuildEvery {
		return s.live, s.index, nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+articleColumns+articleFrom+
		` WHERE a.state = ? AND (a.valid_to IS NULL OR a.valid_to > ?) ORDER BY a.id`, StatePublished, s.nowMillis())
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var live []Article
	for rows.Next() {
		art, err := scanArticle(rows)
		if err != nil {
			return nil, nil, err
		}
		live = append(live, art)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	texts := make([]string, len(live))
	for i, a := range live {
		texts[i] = articleText(a)
	}
	s.live, s.index, s.built, s.changed = live, &searchIndex{ix: classify.NewIndex(texts)}, now, false
	return live, s.index, nil
}

// Search returns the articles valid now that best match text, best first,
// at most limit. Empty or too long text is ErrInvalid (classify.CheckText).
func (s *Service) Search(ctx context.Context, text string, limit int) ([]Match, error) {
	text, err := classify.CheckText(text)
	if err != nil {
		return nil, invalid("%v", err)
	}
	live, ix, err := s.published(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []Match
	for _, h := range ix.ix.Search(text, MinScore, len(live)) {
		if len(out) >= limit {
			break
		}
		if a := live[h.Doc]; a.LiveAt(now) {
			out = append(out, Match{Article: a, Score: h.Score})
		}
	}
	return out, nil
}

// Live returns every article valid now, newest first, for the public FAQ
// (optionally of one category's subtree, by code prefix).
func (s *Service) Live(ctx context.Context) ([]Article, error) {
	live, _, err := s.published(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []Article
	for i := len(live) - 1; i >= 0; i-- {
		if live[i].LiveAt(now) {
			out = append(out, live[i])
		}
	}
	return out, nil
}

func (s *Service) nowMillis() int64 { return s.now().UnixMilli() }
