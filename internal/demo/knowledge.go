package demo

import (
	"bytes"
	"context"
	_ "embed"

	"civicgrid/internal/category"
	"civicgrid/internal/knowledge"
	"civicgrid/internal/store"
)

// knowledgeCSV is the demo district's 知识库: the departments' answers to
// the questions callers ask most (one, last winter's heating notice, has
// expired and shows how old articles drop out).
//
//go:embed knowledge.csv
var knowledgeCSV []byte

// addKnowledge publishes the demo articles, under the seed catalogue's
// consultation categories (seeded here when no history did).
func addKnowledge(ctx context.Context, db *store.DB) (int, error) {
	if _, err := category.Seed(ctx, db); err != nil {
		return 0, err
	}
	rep, err := (&knowledge.Service{DB: db}).Import(ctx, bytes.NewReader(knowledgeCSV), false)
	return rep.Added, err
}
