"""Cutting a text into words and boundaries, each word with the lexicon phrases it may anchor; cached across calls."""

from dataclasses import dataclass

from services.triage.lexicon import Lexicon, Phrase
from services.triage.text import CLAUSE, CLAUSE_MARKS, PIECE, SENTENCE, SENTENCE_MARKS, TITLES, normalize_word

_CACHE_LIMIT = 50_000
_NO_KEYS: frozenset[str] = frozenset()


@dataclass(slots=True)
class Reading:
    """A text cut into words: as written, normalised, their lexicon keys and anchored phrases, and the boundaries."""

    written: tuple[str, ...]
    tokens: tuple[str, ...]
    keys: tuple[frozenset[str], ...]
    anchored: tuple[tuple[tuple[Phrase, int], ...], ...]
    sentences: list[int]
    clauses: list[int]


class Reader:
    """Reads texts against one lexicon, remembering the words and chunks it has already met."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.word_cache: dict[str, tuple] = {}
        self.chunk_cache: dict[str, tuple] = {}

    def word(self, written: str) -> tuple:
        """A written word as (written, normalised, lexicon keys, anchored phrases)."""
        known = self.word_cache.get(written)
        if known is not None:
            return known
        token = normalize_word(written)
        keys = self.lex.keys_of(self.lex.abbreviations.get(token, token))
        if not keys:
            return self._keep(self.word_cache, written, (written, token, _NO_KEYS, ()))
        anchored = tuple(item for key in keys for item in self.lex.anchors.get(key, ()))
        return self._keep(self.word_cache, written, (written, token, frozenset(keys), anchored))

    def chunk(self, chunk: str) -> tuple:
        """The words and boundary marks of one run of text without spaces."""
        known = self.chunk_cache.get(chunk)
        if known is not None:
            return known
        if chunk.isalnum():
            return self._keep(self.chunk_cache, chunk, (self.word(chunk),))
        items: list = []
        for piece in PIECE.findall(chunk):
            if piece in SENTENCE_MARKS:
                if piece == "." and items and items[-1] not in (SENTENCE, CLAUSE) and items[-1][0].lower() in TITLES:
                    continue
                items.append(SENTENCE)
            elif piece in CLAUSE_MARKS:
                items.append(CLAUSE)
            else:
                items.append(self.word(piece))
        return self._keep(self.chunk_cache, chunk, tuple(items))

    @staticmethod
    def _keep(cache: dict, key: str, value: tuple) -> tuple:
        """Store value in a cache that is emptied when it grows past its limit, and return it."""
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        cache[key] = value
        return value

    def read(self, text: str) -> Reading:
        """Cut a text into words and boundaries; lines and . ! ? ; end sentences, other signs end clauses."""
        words: list[tuple] = []
        sentences = [0]
        clauses = [0]
        known_word, known_chunk, chunk, keep = self.word_cache.get, self.chunk_cache.get, self.chunk, words.append
        for line in text.splitlines():
            if sentences[-1] != len(words):
                sentences.append(len(words))
                clauses.append(len(words))
            for piece in line.split():
                # Most pieces are a plain word already seen: one look-up and done.
                word = known_word(piece)
                if word is not None:
                    keep(word)
                    continue
                for item in known_chunk(piece) or chunk(piece):
                    if item.__class__ is tuple:
                        keep(item)
                    elif item is SENTENCE:
                        sentences.append(len(words))
                        clauses.append(len(words))
                    else:
                        clauses.append(len(words))
        if not words:
            return Reading((), (), (), (), sentences, clauses)
        written, tokens, keys, anchored = zip(*words)
        return Reading(written, tokens, keys, anchored, sentences, clauses)


def numbering(starts: list[int], count: int) -> list[int]:
    """For each of count words, the number of the stretch it falls in, given the sorted stretch starts."""
    numbers: list[int] = []
    for number, (start, end) in enumerate(zip(starts, [*starts[1:], count])):
        numbers += [number] * (end - start)
    return numbers


def distance(start: int, end: int, other_start: int, other_end: int) -> int:
    """Words between two spans; zero when they touch or overlap."""
    if other_end <= start:
        return start - other_end
    if other_start >= end:
        return other_start - end
    return 0


# A combination whose two parts are further apart than this shows as "first … last".
SHOWN_GAP = 3


def shown(written: tuple[str, ...], hits: list) -> tuple[str, ...]:
    """The words of each hit as the person wrote them, in lower case, leaving out repeated evidence.

    A hit inside words already shown is left out, and so is a hit that only wraps a tighter hit of
    its category ("siente un peso en el pecho" shows "peso en el pecho"). A combination whose two
    parts are far apart shows as "first … last" rather than the whole stretch.
    """
    ordered = sorted(hits, key=lambda h: (h.start, -h.end))
    wrappers = set()
    for i, hit in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            other = ordered[j]
            if other.start >= hit.end:
                break
            inside = other.end <= hit.end and (other.start, other.end) != (hit.start, hit.end)
            if inside and other.category == hit.category:
                wrappers.add(id(hit))
                break
    texts: list[str] = []
    covered: set[int] = set()
    for hit in ordered:
        if id(hit) in wrappers or covered.issuperset(range(hit.start, hit.end)):
            continue
        gap = hit.gap
        if gap and gap[1] - gap[0] > SHOWN_GAP:
            text = f"{_words(written, hit.start, gap[0])} … {_words(written, gap[1], hit.end)}"
            covered.update(range(hit.start, gap[0]), range(gap[1], hit.end))
        else:
            text = _words(written, hit.start, hit.end)
            covered.update(range(hit.start, hit.end))
        if text not in texts:
            texts.append(text)
    return tuple(texts)


def _words(written: tuple[str, ...], start: int, end: int) -> str:
    """The written words of a span, in lower case."""
    return " ".join(written[start:end]).lower()
