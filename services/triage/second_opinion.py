"""A statistical second opinion where the lexicon is silent: logistic regression over character n-grams.

The weights come from scripts/train_triage_model.py (scikit-learn, at build time only); reading them here
is plain Python, so the desk starts as fast as without it and no model is fetched at run time.
"""

import json
import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path

MODEL_PATH = Path(str(resources.files("assets").joinpath("triage_model.json")))


class SecondOpinion:
    """The model's weights and the same text reading as scikit-learn's char_wb TF-IDF with sublinear tf."""

    def __init__(self, data: dict):
        self.low, self.high = data["ngramas"]
        self.threshold = float(data["umbral"])
        self.intercept = float(data["intercepto"])
        self.terms: dict[str, list[float]] = data["terminos"]
        # Words repeat across petitions: each word's known n-grams are worked out once per process.
        self._known = lru_cache(maxsize=50_000)(self._known_grams)

    def _known_grams(self, word: str) -> tuple[str, ...]:
        return tuple(gram for gram in self._grams(word) if gram in self.terms)

    def _grams(self, word: str) -> list[str]:
        # scikit-learn's _char_wb_ngrams: each word padded with one space on each side.
        padded, grams = f" {word} ", []
        for n in range(self.low, self.high + 1):
            offset = 0
            grams.append(padded[offset:offset + n])
            while offset + n < len(padded):
                offset += 1
                grams.append(padded[offset:offset + n])
            if offset == 0:
                break
        return grams

    def _counts(self, text: str) -> Counter:
        # str.split() already cuts at any run of white space, as char_wb's normalisation does.
        return Counter(gram for word in text.lower().split() for gram in self._known(word))

    def _weights(self, text: str) -> dict[str, float]:
        weights = {gram: _tf(count) * self.terms[gram][0] for gram, count in self._counts(text).items()}
        norm = math.sqrt(sum(value * value for value in weights.values())) or 1.0
        return {gram: value / norm for gram, value in weights.items()}

    def probability(self, text: str) -> float:
        """The model's probability that the text is urgent."""
        # One pass for the score and the norm: every intake and every imported row asks, and a dict of weights per
        # text cost more than the sums themselves.
        dot = norm = 0.0
        terms = self.terms
        for gram, count in self._counts(text).items():
            idf, coefficient = terms[gram]
            value = _tf(count) * idf
            dot += value * coefficient
            norm += value * value
        score = self.intercept + dot / (math.sqrt(norm) or 1.0)
        return 1 / (1 + math.exp(-score))

    def heaviest_words(self, text: str, count: int = 3) -> tuple[str, ...]:
        """The words of the text whose n-grams pushed hardest towards urgent, for the officer to see why."""
        weights = self._weights(text)
        pushes = {}
        for word in dict.fromkeys(re.findall(r"\w+", text)):
            push = sum(weights.get(gram, 0.0) * self.terms[gram][1] for gram in self._known(word.lower()))
            if push > 0:
                pushes[word] = push
        return tuple(sorted(pushes, key=pushes.__getitem__, reverse=True)[:count])


def _tf(count: int) -> float:
    """scikit-learn's sublinear tf; most n-grams appear once, and log(1) is 0."""
    return 1.0 if count == 1 else 1 + math.log(count)


@lru_cache(maxsize=1)
def second_opinion() -> SecondOpinion | None:
    """The shipped model, read once; None when the file is absent (the lexicon then decides alone)."""
    try:
        return SecondOpinion(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
