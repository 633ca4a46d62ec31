# The classify bench's peer: scikit-learn TF-IDF over character 1-2-grams
# and a linear SVM, trained and evaluated on the folds the bench gives.
# Reads [{"text","label","fold"}...] on stdin, writes the held-out
# prediction of every message as a JSON list on stdout.
import json, sys
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

docs = json.load(sys.stdin)
pred = [None] * len(docs)
for f in sorted(set(d["fold"] for d in docs)):
    train = [d for d in docs if d["fold"] != f]
    test = [i for i, d in enumerate(docs) if d["fold"] == f]
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 2))
    x = vec.fit_transform([d["text"] for d in train])
    clf = LinearSVC()
    clf.fit(x, [d["label"] for d in train])
    for i, p in zip(test, clf.predict(vec.transform([docs[i]["text"] for i in test]))):
        pred[i] = str(p)
json.dump(pred, sys.stdout, ensure_ascii=False)
