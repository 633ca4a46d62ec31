package bench

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/classify"
	"civicgrid/internal/order"
	"civicgrid/internal/server"
	"civicgrid/internal/store"
)

// The classify bench: learned category suggestion on real citizen
// messages (the 问政 development set, first-level labels), by stratified
// 5-fold cross-validation through the real path — import the catalogue,
// file the training folds as orders, train, classify the held-out fold
// over POST /api/v1/classify — against scikit-learn's TF-IDF (character
// 1-2-grams) + LinearSVC on the same folds. The figure is macro F1 (higher
// is better), averaged over the repeats (each a differently salted
// split); accuracy and each repeat are extra lines.

func init() {
	register(Bench{Name: "classify", Summary: "category suggestion quality (macro F1, 5-fold CV on real messages) vs scikit-learn TF-IDF + LinearSVC", Run: runClassifyBench})
}

//go:embed classify_peer.py
var classifyPeerScript string

// classifyRepeats is how many differently split 5-fold runs are averaged;
// --n sets it.
const classifyRepeats = 3

type classifyDoc struct {
	Text, Label string
}

// classifyData finds the shared data directory: $CIVICGRID_BENCH_DATA, or
// shared/data in or above the working directory (a sibling of the
// checkout).
func classifyData() (string, error) {
	if d := os.Getenv("CIVICGRID_BENCH_DATA"); d != "" {
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		for _, c := range []string{filepath.Join(dir, "shared", "data"), filepath.Join(dir, "..", "shared", "data")} {
			if _, err := os.Stat(filepath.Join(c, "wenzheng-dev.jsonl")); err == nil {
				return c, nil
			}
		}
		if filepath.Dir(dir) == dir {
			return "", errors.New("wenzheng-dev.jsonl not found in shared/data above the working directory; set CIVICGRID_BENCH_DATA")
		}
	}
}

func readClassifyDocs(path string) ([]classifyDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []classifyDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r struct{ Title, Detail, Label string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, classifyDoc{Text: strings.TrimSpace(r.Title + " " + r.Detail), Label: r.Label})
	}
	return out, sc.Err()
}

func runClassifyBench(ctx context.Context, cfg Config, progress io.Writer) (Result, error) {
	dir, err := classifyData()
	if err != nil {
		return Result{}, err
	}
	docs, err := readClassifyDocs(filepath.Join(dir, "wenzheng-dev.jsonl"))
	if err != nil {
		return Result{}, err
	}
	taxonomy, err := os.ReadFile(filepath.Join(dir, "wenzheng-taxonomy.csv"))
	if err != nil {
		return Result{}, err
	}
	repeats := cfg.nOr(classifyRepeats)
	// Each fold starts a server on a fresh store, which warns (every time)
	// that next year's holidays are missing: quiet below errors meanwhile.
	prevLog := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(progress, &slog.HandlerOptions{Level: slog.LevelError})))
	defer slog.SetDefault(prevLog)
	cdocs := make([]classify.Doc, len(docs))
	for i, d := range docs {
		cdocs[i] = classify.Doc{Text: d.Text, Class: d.Label}
	}
	res := Result{PeerName: "scikit-learn TF-IDF char 1-2 + LinearSVC"}
	var oursF1, peerF1, oursAcc, peerAcc float64
	var trainTime time.Duration
	var latencies []time.Duration
	for rep := 0; rep < repeats; rep++ {
		salt := ""
		if rep > 0 {
			salt = fmt.Sprintf("repeat %d:", rep)
		}
		folds := classify.FoldsSalted(cdocs, 5, salt)
		gold := make([]string, len(docs))
		ours := make([]string, len(docs))
		for f := 0; f < 5; f++ {
			took, lat, err := classifyFold(ctx, cfg, taxonomy, docs, folds, f, ours)
			if err != nil {
				return Result{}, fmt.Errorf("repeat %d fold %d: %w", rep+1, f+1, err)
			}
			trainTime += took
			latencies = append(latencies, lat...)
			fmt.Fprintf(progress, "classify: repeat %d fold %d done (train %s)\n", rep+1, f+1, took.Round(time.Millisecond))
		}
		for i, d := range docs {
			gold[i] = d.Label
		}
		ev := classify.Compare(gold, ours)
		oursF1 += ev.MacroF1
		oursAcc += ev.Accuracy
		peer, err := classifyPeer(ctx, docs, folds)
		var pev classify.Evaluation
		if err != nil {
			res.PeerErr = err
		} else {
			pev = classify.Compare(gold, peer)
			peerF1 += pev.MacroF1
			peerAcc += pev.Accuracy
		}
		res.Extra = append(res.Extra, fmt.Sprintf("repeat %d (split %q): ours macro F1 %.3f accuracy %.3f; peer macro F1 %.3f accuracy %.3f",
			rep+1, salt, ev.MacroF1, ev.Accuracy, pev.MacroF1, pev.Accuracy))
	}
	n := float64(repeats)
	res.Extra = append(res.Extra,
		fmt.Sprintf("%d messages, %d classes, %d × 5-fold CV; accuracy ours %.3f, peer %.3f", len(docs), countLabels(docs), repeats, oursAcc/n, peerAcc/n),
		fmt.Sprintf("training (per fold, ~%d orders): mean %s; POST /api/v1/classify latency p50 %s p99 %s",
			len(docs)*4/5, (trainTime/time.Duration(5*repeats)).Round(time.Millisecond),
			percentile(latencies, 0.50).Round(time.Microsecond), percentile(latencies, 0.99).Round(time.Microsecond)))
	scale, err := classifyScale(cfg.Seed)
	if err != nil {
		return Result{}, fmt.Errorf("scale: %w", err)
	}
	res.Extra = append(res.Extra, scale...)
	res.Ours = Measure{oursF1 / n, "macro-F1"}
	res.Peer = Measure{peerF1 / n, "macro-F1"}
	return res, nil
}

func countLabels(docs []classifyDoc) int {
	m := map[string]bool{}
	for _, d := range docs {
		m[d.Label] = true
	}
	return len(m)
}

func percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// classifyFold runs one fold through a fresh store: the taxonomy's first
// level imported as the catalogue (the messages are labelled at that
// level, and orders are filed under leaves), the other folds filed as
// orders by the import path, the model trained, and the held-out messages
// classified over the API; pred gets the held-out predictions.
func classifyFold(ctx context.Context, cfg Config, taxonomy []byte, docs []classifyDoc, folds []int, fold int, pred []string) (time.Duration, []time.Duration, error) {
	db, closeDB, err := openStore(ctx, Config{DB: cfg.DB})
	if err != nil {
		return 0, nil, err
	}
	defer closeDB()
	codeOf, nameOf, err := importFirstLevel(ctx, db, taxonomy)
	if err != nil {
		return 0, nil, err
	}
	for _, r := range [][4]string{{"210504", "明山区", "district", ""}, {"210504001", "牛心台街道", "street", "210504"},
		{"210504001001", "牛心台社区", "community", "210504001"}} {
		if _, err := db.ExecContext(ctx, `INSERT INTO regions (code, name, official_name, level, parent_code, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, 1)`, r[0], r[1], r[1], r[2], nullIfEmpty(r[3])); err != nil {
			return 0, nil, err
		}
	}
	u, err := auth.CreateUser(ctx, db, auth.NewUser{Username: "bench", Role: "admin", NodeCode: "210504", Password: "Classify-Peer-2026-x"}, auth.Actor{})
	if err != nil {
		return 0, nil, err
	}
	token, err := auth.CreateToken(ctx, db, u.ID, "bench", auth.Actor{})
	if err != nil {
		return 0, nil, err
	}
	scope, err := auth.ScopeForUser(ctx, db, u)
	if err != nil {
		return 0, nil, err
	}
	dataDir, err := os.MkdirTemp("", "civicgrid-classify-")
	if err != nil {
		return 0, nil, err
	}
	defer os.RemoveAll(dataDir)
	app, err := server.New(ctx, server.Options{DB: db, DataDir: dataDir, Policy: auth.DefaultPolicy()})
	if err != nil {
		return 0, nil, err
	}
	var lines []order.ImportLine
	received := time.Now().Add(-30 * 24 * time.Hour).Truncate(time.Minute)
	for i, d := range docs {
		if folds[i] == fold {
			continue
		}
		lines = append(lines, order.ImportLine{Line: i + 2, Input: order.Input{Channel: order.ChannelImport,
			Category: codeOf[d.Label], Description: d.Text, Address: "牛心台社区", CommunityCode: "210504001001", IdempotencyKey: fmt.Sprintf("import:dev-%d", i),
			ReceivedAt: received.Add(time.Duration(i) * time.Minute)}})
	}
	if _, err := app.Orders.Import(ctx, order.StaffActor(u, scope, "bench"), lines); err != nil {
		return 0, nil, fmt.Errorf("file the training orders: %w", err)
	}
	info, err := classify.TrainStore(ctx, db, time.Now())
	if err != nil {
		return 0, nil, err
	}
	srv := httptest.NewServer(app.Handler)
	defer srv.Close()
	var lat []time.Duration
	for i, d := range docs {
		if folds[i] != fold {
			continue
		}
		body, _ := json.Marshal(map[string]string{"text": d.Text})
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/api/v1/classify", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, nil, err
		}
		var out struct {
			Categories []struct{ Code string }
			Learned    bool
		}
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		lat = append(lat, time.Since(start))
		if resp.StatusCode != http.StatusOK || err != nil {
			return 0, nil, fmt.Errorf("POST /api/v1/classify: %s %v", resp.Status, err)
		}
		if !out.Learned {
			return 0, nil, errors.New("POST /api/v1/classify answered from keywords, not the trained model")
		}
		if len(out.Categories) > 0 {
			pred[i] = nameOf[out.Categories[0].Code]
		}
	}
	return info.TrainTime, lat, nil
}

// importFirstLevel imports the taxonomy's first-level classes (rows that
// stop at level 1, so leaves) through the catalogue import, and maps
// names to codes and back.
func importFirstLevel(ctx context.Context, db *store.DB, taxonomy []byte) (map[string]string, map[string]string, error) {
	full, err := category.ParseTaxonomy(bytes.NewReader(taxonomy))
	if err != nil {
		return nil, nil, err
	}
	var b strings.Builder
	b.WriteString("level1\n")
	seen := map[string]bool{}
	for _, r := range full {
		if !seen[r.Path[0]] {
			seen[r.Path[0]] = true
			b.WriteString(r.Path[0] + "\n")
		}
	}
	rows, err := category.ParseTaxonomy(strings.NewReader(b.String()))
	if err != nil {
		return nil, nil, err
	}
	if _, err := category.ImportTaxonomy(ctx, db, rows, false, auth.Actor{}); err != nil {
		return nil, nil, err
	}
	cats, err := category.List(ctx, db, false)
	if err != nil {
		return nil, nil, err
	}
	codeOf, nameOf := map[string]string{}, map[string]string{}
	for _, c := range cats {
		if c.ParentCode == "" && seen[c.NameZh] {
			codeOf[c.NameZh], nameOf[c.Code] = c.Code, c.NameZh
		}
	}
	return codeOf, nameOf, nil
}

// classifyPeer runs scikit-learn on the same folds and returns its
// predictions. Debian's python3 (with python3-sklearn) is preferred to
// whatever python3 comes first on PATH.
func classifyPeer(ctx context.Context, docs []classifyDoc, folds []int) ([]string, error) {
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		py = "python3"
	}
	type in struct {
		Text  string `json:"text"`
		Label string `json:"label"`
		Fold  int    `json:"fold"`
	}
	var payload []in
	for i, d := range docs {
		payload = append(payload, in{d.Text, d.Label, folds[i]})
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, py, "-c", classifyPeerScript)
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s with scikit-learn (apt-get install python3-sklearn): %v: %s", py, err, strings.TrimSpace(stderr.String()))
	}
	var pred []string
	if err := json.Unmarshal(out, &pred); err != nil || len(pred) != len(docs) {
		return nil, fmt.Errorf("peer answered %d predictions for %d messages (%v)", len(pred), len(docs), err)
	}
	return pred, nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
