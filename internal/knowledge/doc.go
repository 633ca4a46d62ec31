// Package knowledge keeps the knowledge base (知识库): the answers the
// city has given to common questions — question, answer, category, issuing
// department, valid from/to and source document. Operators search it with
// the classifier's text features while the caller speaks and answer a
// consultation from an article in one step (the order records which
// article); a good answer can be proposed as a new article, which the
// issuing department reviews; articles past their end date drop out of
// every search and of the public FAQ (docs/design.md §15).
package knowledge
