package exchange

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// send signs and sends one message to l's peer and decodes its answer
// into out. A 2xx is success; anything else is a *PeerError (or a
// transport error), which the outbox retries.
func (s *Service) send(ctx context.Context, l Link, method, path string, msg, out any) error {
	var body []byte
	if msg != nil {
		var err error
		if body, err = json.Marshal(msg); err != nil {
			return err
		}
	}
	target, err := url.Parse(l.BaseURL + path)
	if err != nil {
		return err
	}
	headers, err := Headers(l.Name, l.secret, method, target.RequestURI(), body, s.now())
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, method, target.String(), bytes.NewReader(body))
	if err != nil {
		return err
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	if msg != nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, l.Name, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody))
	if err != nil {
		return fmt.Errorf("exchange: %s %s: read answer: %w", method, l.Name, err)
	}
	if resp.StatusCode/100 != 2 {
		var e struct {
			Error struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		_ = json.Unmarshal(raw, &e)
		if e.Error.Message == "" {
			e.Error.Message = string(raw[:min(len(raw), 200)])
		}
		return &PeerError{Status: resp.StatusCode, Code: e.Error.Code, Message: e.Error.Message}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("exchange: %s %s: answer is not the expected JSON: %w", method, l.Name, err)
	}
	return nil
}

// Pull fetches the status events of the downstream link called name that
// came after its cursor, applies them (each once, by message id) and moves
// the cursor on: how a city catches up after being down. It returns how
// many events it read.
func (s *Service) Pull(ctx context.Context, name string) (int, error) {
	l, err := s.LinkNamed(ctx, s.db, name)
	if err != nil {
		return 0, err
	}
	if l.Direction != Downstream {
		return 0, fmt.Errorf("%w: link %q is upstream; status is pulled from a downstream link", ErrWrongWay, name)
	}
	total := 0
	for {
		var page EventPage
		if err := s.send(ctx, l, http.MethodGet, PathEvents+"?after="+strconv.FormatInt(l.cursor, 10)+"&limit=100", nil, &page); err != nil {
			return total, err
		}
		for _, e := range page.Events {
			if _, err := s.ReceiveEvent(ctx, l, e.EventMessage); err != nil {
				return total, fmt.Errorf("exchange: pulled event %s: %w", e.MessageID, err)
			}
			total++
		}
		if page.Next <= l.cursor || len(page.Events) == 0 {
			return total, nil
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE exchange_links SET pull_cursor = ? WHERE id = ? AND pull_cursor < ?`,
			page.Next, l.ID, page.Next); err != nil {
			return total, err
		}
		l.cursor = page.Next
	}
}

// PullAll pulls every downstream link once; a link that fails is logged
// and left for the next round.
func (s *Service) PullAll(ctx context.Context) {
	links, err := s.Links(ctx)
	if err != nil {
		s.log.Warn("exchange: links", "err", err)
		return
	}
	for _, l := range links {
		if l.Direction != Downstream {
			continue
		}
		if n, err := s.Pull(ctx, l.Name); err != nil && ctx.Err() == nil {
			s.log.Warn("exchange: pull", "link", l.Name, "err", err)
		} else if n > 0 {
			s.log.Info("exchange: pulled status events", "link", l.Name, "events", n)
		}
	}
}

// Run pulls every downstream link each interval until ctx ends: pushes
// are the fast path, the pull catches up whatever a push missed.
func (s *Service) Run(ctx context.Context, every time.Duration) {
	s.PullAll(ctx) // at once: catch up after this node was down
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.PullAll(ctx)
		}
	}
}
