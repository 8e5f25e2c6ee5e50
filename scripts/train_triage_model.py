"""Build assets/triage_model.json, the triage's statistical second opinion, from the labelled cases.

Run with scikit-learn installed (`pip install -e '.[modelo]'`): `python scripts/train_triage_model.py`.
The desk never imports scikit-learn: services/triage/second_opinion.py reads the weights written here.
"""

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.triage import assess  # noqa: E402
from services.triage.second_opinion import MODEL_PATH, SecondOpinion  # noqa: E402

CASES = ROOT / "tests" / "data" / "triage_cases.tsv"
PRECISION_GOAL = 0.95
THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


def load(path: Path) -> tuple[list[str], np.ndarray]:
    """Texts and whether each is urgent, from a `category<TAB>text` file."""
    rows = [line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    return [text for _, text in rows], np.array([category != "none" for category, _ in rows])


def pick_threshold(texts: list[str], urgent: np.ndarray, vectorizer, model) -> float:
    """The lowest threshold whose cross-validated precision (lexicon, then model where silent) meets the goal."""
    probability = cross_val_predict(model, vectorizer.fit_transform(texts), urgent, cv=5, method="predict_proba")[:, 1]
    silent = np.array([assess(text).rule == "sin_coincidencias" for text in texts])
    lexicon = np.array([assess(text).urgent for text in texts])
    for threshold in THRESHOLDS:
        flagged = lexicon | (silent & (probability >= threshold))
        precision = (flagged & urgent).sum() / max(1, flagged.sum())
        print(f"umbral {threshold:.2f}: precisión validada {precision:.3f}", file=sys.stderr)
        if precision >= PRECISION_GOAL:
            return threshold
    return THRESHOLDS[-1]


def main() -> int:
    texts, urgent = load(CASES)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True, lowercase=True,
                                 dtype=np.float64)
    model = LogisticRegression(C=4, max_iter=5000, class_weight="balanced")
    threshold = pick_threshold(texts, urgent, vectorizer, model)
    matrix = vectorizer.fit_transform(texts)
    model.fit(matrix, urgent)
    idf, coef = vectorizer.idf_, model.coef_[0]
    terms = {term: [round(float(idf[i]), 12), round(float(coef[i]), 12)] for term, i in vectorizer.vocabulary_.items()}
    samples = texts[:: max(1, len(texts) // 25)]
    payload = {
        "fuente": CASES.name, "sha256_casos": hashlib.sha256(CASES.read_bytes()).hexdigest(),
        "ngramas": [3, 5], "umbral": threshold, "intercepto": float(model.intercept_[0]), "terminos": terms,
    }
    opinion = SecondOpinion(payload)
    expected = model.predict_proba(vectorizer.transform(samples))[:, 1]
    for text, probability in zip(samples, expected):
        # The desk's pure-Python reading must give scikit-learn's probability, or the file is not written.
        assert abs(opinion.probability(text) - probability) < 1e-6, (text, opinion.probability(text), probability)
    payload["muestras"] = [[text, round(float(p), 9)] for text, p in zip(samples, expected)]
    MODEL_PATH.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")
    print(f"{MODEL_PATH.relative_to(ROOT)}: {len(terms):,} términos, umbral {threshold}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
