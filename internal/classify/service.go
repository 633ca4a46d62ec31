package classify

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"civicgrid/internal/category"
	"civicgrid/internal/store"
)

// MinHistory is the history a learned model needs before it is used:
// below it, the catalogue's names and keywords suggest.
const MinHistory = 30

// Service serves suggestions from the newest stored model, rereading the
// store at most every few seconds.
type Service struct {
	DB  *store.DB
	Now func() time.Time
	// Logger gets retraining's reports and errors; nil means slog.Default().
	Logger *slog.Logger

	mu        sync.Mutex
	checked   time.Time
	version   int
	model     *Model
	cats      []category.Category
	catsAt    time.Time
	catByCode map[string]category.Category
}

// refreshEvery bounds how stale the model and the catalogue may be.
const refreshEvery = 5 * time.Second

func (s *Service) log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Suggestion is a category proposed for a text, with its probability
// (learned) or its share of the keyword matches (fallback).
type Suggestion struct {
	Category category.Category
	Score    float64
}

// Result is what Suggest found.
type Result struct {
	Categories []Suggestion
	Kind       string // demand type
	Learned    bool   // from the learned model (else keywords)
	Version    int    // of the model
}

// state returns the current model (nil while none or too little history)
// and the active catalogue.
func (s *Service) state(ctx context.Context) (*Model, int, []category.Category, map[string]category.Category, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if s.cats == nil || now.Sub(s.catsAt) > refreshEvery {
		cats, err := category.List(ctx, s.DB, false)
		if err != nil {
			return nil, 0, nil, nil, err
		}
		s.cats, s.catsAt = cats, now
		s.catByCode = make(map[string]category.Category, len(cats))
		for _, c := range cats {
			s.catByCode[c.Code] = c
		}
	}
	if s.checked.IsZero() || now.Sub(s.checked) > refreshEvery {
		info, ok, err := LatestInfo(ctx, s.DB)
		if err != nil {
			return nil, 0, nil, nil, err
		}
		s.checked = now
		switch {
		case !ok:
			s.model, s.version = nil, 0
		case info.Version != s.version:
			m, err := loadVersion(ctx, s.DB, info.Version)
			if err != nil {
				return nil, 0, nil, nil, err
			}
			s.model, s.version = m, info.Version
		}
	}
	m := s.model
	if m != nil && m.Docs < MinHistory {
		m = nil
	}
	return m, s.version, s.cats, s.catByCode, nil
}

// Forget drops the cached model and catalogue (after a training or an
// import in this process).
func (s *Service) Forget() {
	s.mu.Lock()
	s.checked, s.cats = time.Time{}, nil
	s.mu.Unlock()
}

// CheckText refuses an empty or too long text.
func CheckText(text string) (string, error) {
	text = strings.TrimSpace(text)
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		return "", invalid("text is empty — 内容为空")
	case n > MaxText:
		return "", invalid("text is longer than %d characters — 内容过长", MaxText)
	}
	return text, nil
}

// Suggest ranks the active leaf categories for text, best first, at most
// limit, and suggests its demand type. With a learned model the scores are
// probabilities; categories the model has not seen (no history yet) follow
// when their names or keywords match. Empty or too long text is ErrInvalid.
func (s *Service) Suggest(ctx context.Context, text string, limit int) (Result, error) {
	text, err := CheckText(text)
	if err != nil {
		return Result{}, err
	}
	m, version, cats, byCode, err := s.state(ctx)
	if err != nil {
		return Result{}, err
	}
	res := Result{Kind: SuggestKind(text)}
	seen := map[string]bool{}
	if m != nil {
		res.Learned, res.Version = true, version
		for _, sc := range m.Predict(text) {
			if len(res.Categories) >= limit {
				break
			}
			c, ok := byCode[sc.Class]
			if !ok || !c.Leaf || !c.Active { // since removed or moved
				continue
			}
			res.Categories = append(res.Categories, Suggestion{Category: c, Score: sc.P})
			seen[c.Code] = true
		}
	}
	if len(res.Categories) < limit {
		kw := category.Suggest(cats, text, limit)
		var sum int
		for _, k := range kw {
			sum += k.Score
		}
		for _, k := range kw {
			if len(res.Categories) >= limit {
				break
			}
			if seen[k.Category.Code] || (m != nil && m.knows(k.Category.Code)) {
				continue
			}
			score := float64(k.Score) / float64(sum)
			if m != nil {
				score = 0 // after every learned one: the model has no evidence for it
			}
			res.Categories = append(res.Categories, Suggestion{Category: k.Category, Score: score})
		}
	}
	return res, nil
}

func (m *Model) knows(class string) bool {
	for _, c := range m.Classes {
		if c == class {
			return true
		}
	}
	return false
}

// Retrain trains a new version when the history changed since the newest
// model (or there is none), and says whether it did.
func (s *Service) Retrain(ctx context.Context) (bool, error) {
	n, err := historySize(ctx, s.DB)
	if err != nil {
		return false, err
	}
	info, ok, err := LatestInfo(ctx, s.DB)
	if err != nil {
		return false, err
	}
	if n < MinHistory || (ok && info.Orders == n) {
		return false, nil
	}
	info, err = TrainStore(ctx, s.DB, s.now())
	if errors.Is(err, ErrTooFew) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	s.Forget()
	s.log().Info("category model trained", "version", info.Version, "orders", info.Orders, "classes", info.Classes, "took", info.TrainTime)
	return true, nil
}

// Run retrains every interval until ctx ends.
func (s *Service) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.Retrain(ctx); err != nil && ctx.Err() == nil {
			s.log().Warn("category model training", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
