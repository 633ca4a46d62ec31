package classify

import (
	"context"
	"sync"
	"time"
)

// LastEvaluation is the latest cross-validation run on this node (for the
// admin page), with when it ran.
type LastEvaluation struct {
	Evaluation
	At   time.Time
	Took time.Duration
}

var lastEval struct {
	sync.Mutex
	byDB map[any]LastEvaluation
}

// Evaluate cross-validates the model on the store's own history (folds
// 2–20, as `civicgrid classify eval`) and keeps the result for Last.
func (s *Service) Evaluate(ctx context.Context, folds int) (LastEvaluation, error) {
	start := time.Now()
	docs, err := History(ctx, s.DB)
	if err != nil {
		return LastEvaluation{}, err
	}
	ev, err := CrossValidate(docs, folds)
	if err != nil {
		return LastEvaluation{}, err
	}
	out := LastEvaluation{Evaluation: ev, At: s.now(), Took: time.Since(start)}
	lastEval.Lock()
	if lastEval.byDB == nil {
		lastEval.byDB = map[any]LastEvaluation{}
	}
	lastEval.byDB[s.DB] = out
	lastEval.Unlock()
	return out, nil
}

// Last is the latest Evaluate of this store on this node, if any.
func (s *Service) Last() (LastEvaluation, bool) {
	lastEval.Lock()
	defer lastEval.Unlock()
	ev, ok := lastEval.byDB[s.DB]
	return ev, ok
}
