"""Triage at entry (L2): recognises código infarto, urgencia médica and traslado grave in free Spanish text."""

import re
import tomllib
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib.resources import files
from itertools import compress
from operator import itemgetter

from services.errors import InvalidInput


class TriageCategory(StrEnum):
    """The three kinds of case that L2 asks to attend at once."""

    CODIGO_INFARTO = "codigo_infarto"
    URGENCIA_MEDICA = "urgencia_medica"
    TRASLADO_GRAVE = "traslado_grave"


CATEGORY_LABELS = {
    TriageCategory.CODIGO_INFARTO: "código infarto",
    TriageCategory.URGENCIA_MEDICA: "urgencia médica",
    TriageCategory.TRASLADO_GRAVE: "traslado de paciente grave",
}

# Código infarto first: its protocol counts minutes and needs its own team (ECG, hemodinamia).
# Traslado grave next: the patient is already in care and what is missing is a coordinated move,
# which a generic "urgencia médica" alert would not set in motion.
PRIORITY = (TriageCategory.CODIGO_INFARTO, TriageCategory.TRASLADO_GRAVE, TriageCategory.URGENCIA_MEDICA)

SUPPRESSION_LABELS = {
    "pasado": "es del pasado",
    "terminado": "ya terminó",
    "tramite": "es un trámite",
    "elogio": "es un elogio",
    "general": "habla en general",
    "negacion": "está negado",
}

PRESENT, SYMPTOM, DIAGNOSIS = "presente", "sintoma", "diagnostico"
_KINDS = {"presentes": PRESENT, "sintomas": SYMPTOM, "diagnosticos": DIAGNOSIS}
# Praise, the past, "it is over" and general talk set aside any mention that is not in the present
# tense; paperwork only sets aside the name of a condition, never a described symptom.
_SUPPRESSORS = {
    SYMPTOM: frozenset({"pasado", "terminado", "elogio", "general"}),
    DIAGNOSIS: frozenset({"pasado", "terminado", "elogio", "general", "tramite"}),
}
_SUPPRESSOR_FAMILIES = ("pasado", "terminado", "tramite", "elogio", "general")
_PRESENT_PHRASE, _PRESENT_VERB = "presente", "presente_verbo"
_CLASS_MARKS = ("#", "#año", "#mes", "#día")
# How rare each kind of element is, to anchor a phrase on its least common element.
_ANCHOR_RANK = {"#año": 20, "#mes": 20, "#día": 20, "#": 3}
_NEGATION_GAP = 3
_SHOWN_GAP = 3
_CACHE_LIMIT = 50_000
_NO_KEYS: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Triage:
    """The assessment of one text: whether it is urgent, its category and the words that decided it."""

    urgent: bool
    category: str | None  # a TriageCategory value, or None when not urgent
    matches: tuple[str, ...]  # the words that triggered it, as the person wrote them
    # What decided it: the lexicon list that matched ("presente", "sintoma", "diagnostico" or
    # "combinacion:<nombre>"), with "+presente" when a present-time cue outweighed a past one;
    # "suprimido:<familia>" when every mention was set aside; "sin_coincidencias" when none matched.
    rule: str
    suppressed: tuple[str, ...] = ()  # the mentions set aside, for the officer to check

    def as_json(self) -> dict:
        """The fields other programs read: urgent, category and matches."""
        return {"urgent": self.urgent, "category": self.category, "matches": list(self.matches)}

    def describe(self) -> str:
        """One Spanish line for the officer, naming the words that triggered or were set aside."""
        if self.urgent:
            words = ", ".join(f"«{match}»" for match in self.matches)
            return f"URGENTE — {CATEGORY_LABELS[TriageCategory(self.category)]} — {words}"
        if self.suppressed:
            reason = SUPPRESSION_LABELS.get(self.rule.partition(":")[2], "sin efecto")
            words = ", ".join(f"«{match}»" for match in self.suppressed)
            return f"sin urgencia — descartado ({reason}): {words}"
        return "sin urgencia"


NOT_URGENT = Triage(urgent=False, category=None, matches=(), rule="sin_coincidencias")

_SENTENCE_MARKS = ".!?;¡¿"
_CLAUSE_MARKS = ",:()[]{}\"«»“”—–"
_WORD = re.compile(r"[^\W_]+")
_PIECE = re.compile(rf"[^\W_]+|[{re.escape(_SENTENCE_MARKS + _CLAUSE_MARKS)}]")
# Marks left in a cut chunk of text where a sentence or a clause ends.
_SENTENCE, _CLAUSE = ".", ","
# A period after a title does not close the sentence ("la Dra. Pérez").
_TITLES = frozenset({"dra", "dr", "sra", "srta", "sr", "lic", "enf", "ing", "mtra", "mtro", "prof", "tel", "av"})
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_REPEATED = re.compile(r"([a-z])\1+")
_FIRST_GROUP = itemgetter(1)


def _normalize_word(word: str) -> str:
    """Fold case, accents, stray signs and repeated letters of one word ("PECHOOO" -> "pecho")."""
    word = word.lower()
    if not (word.isascii() and word.isalnum()):
        word = _NOT_WORD.sub("", unicodedata.normalize("NFKD", word))
    return _REPEATED.sub(_FIRST_GROUP, word)


def _one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by one insertion, deletion, substitution or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1:]
    if a[i + 1:] == b[i + 1:]:
        return True
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]


def _numbering(starts: list[int], count: int) -> list[int]:
    """For each of count words, the number of the stretch it falls in, given the sorted stretch starts."""
    numbers: list[int] = []
    for number, (start, end) in enumerate(zip(starts, [*starts[1:], count])):
        numbers += [number] * (end - start)
    return numbers


def _distance(start: int, end: int, other_start: int, other_end: int) -> int:
    """Words between two spans; zero when they touch or overlap."""
    if other_end <= start:
        return start - other_end
    if other_start >= end:
        return other_start - end
    return 0


@dataclass(frozen=True, slots=True)
class _Phrase:
    """One sequence of lexicon words and every role the lexicon gives it."""

    elements: tuple[str, ...]
    anchor: int
    others: tuple[tuple[int, str], ...]  # (offset, element) of every element but the anchor
    triggers: tuple[tuple[str, str, str], ...]  # (category, kind, source)
    parts: tuple[tuple[int, str, str], ...]  # (combination index, side, source)
    cues: tuple[tuple[str, str], ...]  # (family, source)
    negation: str | None
    clinical: bool
    cut: str | None
    exception: str | None


@dataclass(frozen=True, slots=True)
class _Combination:
    """Two word lists that trigger a category when words of both appear close together."""

    category: str
    kind: str
    name: str
    distance: int
    requires: str | None


@dataclass(slots=True)
class _Hit:
    """One place where a trigger matched, and what became of it."""

    start: int
    end: int
    category: str
    kind: str
    rule: str
    sources: tuple[str, ...]
    combination: int = -1
    gap: tuple[int, int] | None = None  # the words between the two parts of a combination
    negated: bool = False
    clinical: bool = False
    suppressed_by: str = ""


@dataclass(slots=True)
class _Reading:
    """A text cut into words: as written, normalised, their lexicon keys and anchored phrases, and the boundaries."""

    written: tuple[str, ...]
    tokens: tuple[str, ...]
    keys: tuple[frozenset[str], ...]
    anchored: tuple[tuple[tuple[_Phrase, int], ...], ...]
    sentences: list[int]
    clauses: list[int]


class _Lexicon:
    """The lexicon compiled for matching: phrases anchored on their rarest word, the typo index and the settings."""

    def __init__(self, data: dict) -> None:
        settings = data.get("ajustes", {})
        self.min_fuzzy = int(settings.get("tolerancia_desde_letras", 6))
        self.window = int(settings.get("distancia_pistas", 12))
        self.entries: set[str] = set()
        self._seen: set[tuple[str, tuple[str, ...]]] = set()
        self.numbers = self._word_list(data.get("numeros", {}).get("palabras", []), "numeros")
        self.months = self._word_list(data.get("meses", {}).get("palabras", []), "meses")
        self.weekdays = self._word_list(data.get("dias", {}).get("palabras", []), "dias")
        self.protected = self._word_list(data.get("no_corregir", {}).get("palabras", []), "no_corregir")
        negation = data.get("pistas", {}).get("negacion", {})
        self.fillers = self._word_list(negation.get("relleno", []), "pistas.negacion.relleno")
        self.links = self._word_list(negation.get("enlaces", []), "pistas.negacion.enlaces")
        self.conjunctions = self._word_list(data.get("conjunciones", {}).get("palabras", []), "conjunciones")
        self.abbreviations: dict[str, str] = {}
        self.abbreviation_sources: dict[str, str] = {}
        for short, full in data.get("abreviaturas", {}).items():
            key = _normalize_word(short)
            self.abbreviations[key] = _normalize_word(full)
            self.abbreviation_sources[key] = f"abreviaturas:{short}"
            self.entries.add(self.abbreviation_sources[key])
        self.negable: dict[str, bool] = {}
        self.combinations: list[_Combination] = []
        self._roles: dict[tuple[str, ...], dict] = {}
        self._load_categories(data.get("categorias", {}))
        self._load_cues(data)
        phrases = [self._phrase(elements, roles) for elements, roles in self._roles.items()]
        self.max_span = max(len(phrase.elements) for phrase in phrases)
        self.anchors: dict[str, list[tuple[_Phrase, int]]] = {}
        for phrase in phrases:
            self.anchors.setdefault(phrase.elements[phrase.anchor], []).append((phrase, phrase.anchor))
        self.vocabulary = frozenset(w for phrase in phrases for w in phrase.elements if w not in _CLASS_MARKS)
        self.long_words = frozenset(w for w in self.vocabulary if len(w) >= self.min_fuzzy and not w.isdigit())
        self.typo_lengths = range(self.min_fuzzy - 1, max(map(len, self.long_words), default=0) + 2)
        # Each long word under itself and under each of its one-letter deletions: a token one typing
        # error away shares at least one of these keys with the word (symmetric deletion).
        self.typo_index: dict[str, tuple[str, ...]] = {}
        for word in self.long_words:
            for variant in {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}:
                self.typo_index[variant] = (*self.typo_index.get(variant, ()), word)
        self.word_cache: dict[str, tuple] = {}
        self.chunk_cache: dict[str, tuple] = {}

    @staticmethod
    def _elements(phrase: str) -> tuple[str, ...]:
        """The normalised elements of one lexicon phrase, keeping the class marks as they are."""
        elements: list[str] = []
        for piece in phrase.split():
            if piece in _CLASS_MARKS:
                elements.append(piece)
            else:
                elements.extend(w for w in map(_normalize_word, _WORD.findall(piece)) if w)
        return tuple(elements)

    def _word_list(self, words: list[str], section: str) -> dict[str, str]:
        """A list of single words, normalised, mapped to the source name of each entry."""
        found = {}
        for word in words:
            source = f"{section}:{word}"
            found[" ".join(self._elements(word))] = source
            self._register(source, self._elements(word))
        return found

    def _register(self, source: str, elements: tuple[str, ...]) -> None:
        """Add an entry, refusing one that repeats another of its list once accents and case are folded."""
        key = (source.rpartition(":")[0], elements)
        if key in self._seen:
            raise InvalidInput(f"Léxico de triage: la entrada «{source}» repite otra de la misma lista.")
        self._seen.add(key)
        self.entries.add(source)

    def _role(self, phrase: str, source: str) -> dict:
        """The role record of a phrase, created on first use; refuses phrases with no word in them."""
        elements = self._elements(phrase)
        if not any(e not in _CLASS_MARKS for e in elements):
            raise InvalidInput(f"Léxico de triage: la entrada «{source}» no tiene ninguna palabra.")
        self._register(source, elements)
        return self._roles.setdefault(elements, {"triggers": [], "parts": [], "cues": [], "negation": None,
                                                 "clinical": False, "cut": None, "exception": None})

    def _load_categories(self, categories: dict) -> None:
        """Register the trigger phrases and combinations of every category."""
        expected = {c.value for c in TriageCategory}
        if set(categories) != expected:
            raise InvalidInput(
                f"Léxico de triage: las categorías deben ser {sorted(expected)}, no {sorted(categories)}.")
        for category, body in categories.items():
            self.negable[category] = bool(body.get("negable", True))
            for section, kind in _KINDS.items():
                for phrase in body.get(section, []):
                    source = f"categorias.{category}.{section}:{phrase}"
                    self._role(phrase, source)["triggers"].append((category, kind, source))
            for combo in body.get("combinaciones", []):
                kind = combo.get("tipo", SYMPTOM)
                if kind not in (PRESENT, SYMPTOM, DIAGNOSIS):
                    raise InvalidInput(f"Léxico de triage: tipo «{kind}» desconocido en «{combo.get('nombre')}».")
                requires = combo.get("requiere")
                if requires is not None and requires not in expected:
                    raise InvalidInput(
                        f"Léxico de triage: «requiere = {requires}» no es una categoría, en «{combo['nombre']}».")
                index = len(self.combinations)
                self.combinations.append(
                    _Combination(category, kind, combo["nombre"], int(combo["distancia"]), requires))
                for side in ("a", "b"):
                    for phrase in combo[side]:
                        source = f"categorias.{category}.combinaciones.{combo['nombre']}.{side}:{phrase}"
                        self._role(phrase, source)["parts"].append((index, side, source))

    def _load_cues(self, data: dict) -> None:
        """Register the context cues, negations, exceptions and sentence cuts."""
        cues = data.get("pistas", {})
        self.reach = {family: int(cues.get(family, {}).get("alcance", self.window)) for family in _SUPPRESSOR_FAMILIES}
        self.max_reach = max(self.reach.values())
        for phrase in cues.get("presente", {}).get("verbos", []):
            source = f"pistas.presente.verbos:{phrase}"
            self._role(phrase, source)["cues"].append((_PRESENT_VERB, source))
        for family in (_PRESENT_PHRASE, *_SUPPRESSOR_FAMILIES):
            for phrase in cues.get(family, {}).get("frases", []):
                source = f"pistas.{family}:{phrase}"
                self._role(phrase, source)["cues"].append((family, source))
        negation = cues.get("negacion", {})
        for key, clinical in (("frases", False), ("clinicas", True)):
            for phrase in negation.get(key, []):
                source = f"pistas.negacion.{key}:{phrase}"
                role = self._role(phrase, source)
                role["negation"], role["clinical"] = source, clinical
        for phrase in data.get("cortes", {}).get("palabras", []):
            source = f"cortes:{phrase}"
            self._role(phrase, source)["cut"] = source
        for phrase in data.get("excepciones", {}).get("frases", []):
            source = f"excepciones:{phrase}"
            self._role(phrase, source)["exception"] = source

    @staticmethod
    def _phrase(elements: tuple[str, ...], roles: dict) -> _Phrase:
        """Freeze one role record, anchoring the phrase on its least common element."""
        anchor = max(range(len(elements)), key=lambda i: _ANCHOR_RANK.get(elements[i], len(elements[i])))
        others = tuple((offset, element) for offset, element in enumerate(elements) if offset != anchor)
        return _Phrase(elements, anchor, others, tuple(roles["triggers"]), tuple(roles["parts"]), tuple(roles["cues"]),
                       roles["negation"], roles["clinical"], roles["cut"], roles["exception"])

    def typo_candidates(self, token: str) -> set[str]:
        """The long lexicon words that token is one typing error away from."""
        index = self.typo_index
        found = list(index.get(token, ()))
        for i in range(len(token)):
            words = index.get(token[:i] + token[i + 1:])
            if words:
                found += words
        return {word for word in found if _one_edit(token, word)} if found else set()

    def word(self, written: str) -> tuple:
        """A written word as (written, normalised, lexicon keys, anchored phrases); cached across calls."""
        known = self.word_cache.get(written)
        if known is not None:
            return known
        token = _normalize_word(written)
        word = self.abbreviations.get(token, token)
        keys: set[str] = set()
        if word in self.vocabulary:
            keys.add(word)
        if word.isdigit():
            keys.add("#")
            if len(word) == 4 and 1950 <= int(word) <= 2099:
                keys.add("#año")
        elif word in self.numbers:
            keys.add("#")
        if word in self.months:
            keys.add("#mes")
        if word in self.weekdays:
            keys.add("#día")
        if not keys and len(word) in self.typo_lengths and word not in self.protected:
            keys = self.typo_candidates(word)
        if not keys:
            return self._keep(self.word_cache, written, (written, token, _NO_KEYS, ()))
        anchored = tuple(item for key in keys for item in self.anchors.get(key, ()))
        return self._keep(self.word_cache, written, (written, token, frozenset(keys), anchored))

    def chunk(self, chunk: str) -> tuple:
        """The words and boundary marks of one run of text without spaces; cached across calls."""
        known = self.chunk_cache.get(chunk)
        if known is not None:
            return known
        if chunk.isalnum():
            return self._keep(self.chunk_cache, chunk, (self.word(chunk),))
        items: list = []
        for piece in _PIECE.findall(chunk):
            if piece in _SENTENCE_MARKS:
                if piece == "." and items and items[-1] not in (_SENTENCE, _CLAUSE) and items[-1][0].lower() in _TITLES:
                    continue
                items.append(_SENTENCE)
            elif piece in _CLAUSE_MARKS:
                items.append(_CLAUSE)
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

    def read(self, text: str) -> _Reading:
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
                    elif item is _SENTENCE:
                        sentences.append(len(words))
                        clauses.append(len(words))
                    else:
                        clauses.append(len(words))
        if not words:
            return _Reading((), (), (), (), sentences, clauses)
        written, tokens, keys, anchored = zip(*words)
        return _Reading(written, tokens, keys, anchored, sentences, clauses)


@lru_cache(maxsize=1)
def load_lexicon() -> _Lexicon:
    """Read and compile assets/triage_lexicon.toml once per process."""
    with files("assets").joinpath("triage_lexicon.toml").open("rb") as handle:
        return _Lexicon(tomllib.load(handle))


def lexicon_entries() -> frozenset[str]:
    """Every entry of the lexicon, named as `section:entry`, for the coverage test."""
    return frozenset(load_lexicon().entries)


def normalize(text: str) -> str:
    """The text as the matcher sees it: lower case, no accents, no signs, no repeated letters."""
    return " ".join(token for token in load_lexicon().read(text).tokens if token)


class _Evaluation:
    """One pass of the matcher over one text: occurrences, negation, context and the verdict."""

    def __init__(self, lexicon: _Lexicon, text: str, trace: set[str] | None) -> None:
        self.lex = lexicon
        self.trace = trace
        reading = lexicon.read(text)
        self.written, self.tokens, self.keys = reading.written, reading.tokens, reading.keys
        self.breaks = set(reading.clauses)
        self.occurrences = self._scan(reading.anchored)
        cuts = [start for start, _, phrase in self.occurrences if phrase.cut]
        self.breaks.update(cuts)
        count = len(self.tokens)
        self.sentence_starts = sorted(set(reading.sentences).union(cuts))
        self.sentence_of = _numbering(self.sentence_starts, count)
        self.written_sentence_of = _numbering(sorted(set(reading.sentences)), count)
        self.clause_of = _numbering(sorted(self.breaks), count)

    def _scan(self, anchored: tuple) -> list[tuple[int, int, _Phrase]]:
        """Find every lexicon phrase around the words that anchor it, never across a clause or sentence boundary."""
        keys, breaks, count = self.keys, self.breaks, len(self.keys)
        found = []
        for i in compress(range(count), anchored):
            for phrase, offset in anchored[i]:
                if not phrase.others:
                    found.append((i, i + 1, phrase))
                    continue
                start = i - offset
                end = start + len(phrase.elements)
                if start < 0 or end > count:
                    continue
                for position, element in phrase.others:
                    if element not in keys[start + position]:
                        break
                else:
                    if breaks.isdisjoint(range(start + 1, end)):
                        found.append((start, end, phrase))
        return found

    def display(self, hits: list[_Hit]) -> tuple[str, ...]:
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
        shown: list[str] = []
        covered: set[int] = set()
        for hit in ordered:
            if id(hit) in wrappers or covered.issuperset(range(hit.start, hit.end)):
                continue
            gap = hit.gap
            if gap and gap[1] - gap[0] > _SHOWN_GAP:
                text = f"{self._words(hit.start, gap[0])} … {self._words(gap[1], hit.end)}"
                covered.update(range(hit.start, gap[0]), range(gap[1], hit.end))
            else:
                text = self._words(hit.start, hit.end)
                covered.update(range(hit.start, hit.end))
            if text not in shown:
                shown.append(text)
        return tuple(shown)

    def _words(self, start: int, end: int) -> str:
        """The written words of a span, in lower case."""
        return " ".join(self.written[start:end]).lower()

    def hits(self) -> list[_Hit]:
        """Trigger occurrences, with combinations paired and phrases inside longer ones dropped."""
        found: list[_Hit] = []
        parts: dict[int, tuple[list, list]] = {}
        excepted = self._excepted()
        for start, end, phrase in self.occurrences:
            if excepted and not excepted.isdisjoint(range(start, end)):
                continue
            for category, kind, source in phrase.triggers:
                found.append(_Hit(start, end, category, kind, kind, (source,)))
            for index, side, source in phrase.parts:
                parts.setdefault(index, ([], []))[0 if side == "a" else 1].append((start, end, source))
        found = self._drop_contained(found)
        paired: list[_Hit] = []
        for index, (left, right) in parts.items():
            if left and right:
                paired.extend(self._pairs(index, left, right))
        found.extend(paired)
        dependent = {id(hit) for hit in paired if self.lex.combinations[hit.combination].requires}
        if dependent:
            found = [hit for hit in found if id(hit) not in dependent or self._backed(hit, found)]
        found.sort(key=lambda hit: (hit.start, hit.end))
        return found

    def _backed(self, hit: _Hit, found: list[_Hit]) -> bool:
        """Whether the written sentence of a dependent combination also mentions the category it requires."""
        needed = self.lex.combinations[hit.combination].requires
        sentence = self.written_sentence_of[hit.start]
        return any(other.category == needed and other.combination != hit.combination
                   and self.written_sentence_of[other.start] == sentence for other in found)

    def _excepted(self) -> set[int]:
        """The words covered by an exception phrase ("análisis de sangre"), which trigger nothing."""
        covered: set[int] = set()
        for start, end, phrase in self.occurrences:
            if phrase.exception:
                covered.update(range(start, end))
                if self.trace is not None and any(
                        (other.triggers or other.parts) and s < end and start < e
                        for s, e, other in self.occurrences):
                    self.trace.add(phrase.exception)
        return covered

    @staticmethod
    def _drop_contained(found: list[_Hit]) -> list[_Hit]:
        """Keep "infarto cerebral" and drop the "infarto" inside it."""
        contained: set[tuple[int, int]] = set()
        furthest = -1
        for span in sorted({(hit.start, hit.end) for hit in found}, key=lambda s: (s[0], -s[1])):
            if span[1] <= furthest:
                contained.add(span)
            else:
                furthest = span[1]
        return [hit for hit in found if (hit.start, hit.end) not in contained] if contained else found

    def _pairs(self, index: int, left: list, right: list) -> list[_Hit]:
        """Each word of list a with the nearby words of list b on either side, in the same written sentence."""
        combo = self.lex.combinations[index]
        right.sort()
        starts = [item[0] for item in right]
        pairs: dict[tuple[int, int], _Hit] = {}
        for a_start, a_end, a_source in left:
            position = bisect_left(starts, a_start)
            for b_start, b_end, b_source in right[max(0, position - 3):position + 3]:
                if b_start < a_end and a_start < b_end:
                    continue
                if _distance(a_start, a_end, b_start, b_end) > combo.distance:
                    continue
                if self.written_sentence_of[a_start] != self.written_sentence_of[b_start]:
                    continue
                span = (min(a_start, b_start), max(a_end, b_end))
                if span not in pairs:
                    gap = (min(a_end, b_end), max(a_start, b_start))
                    pairs[span] = _Hit(span[0], span[1], combo.category, combo.kind, f"combinacion:{combo.name}",
                                       (a_source, b_source), index, gap)
        # Of two pairings where one lies inside the other, the tighter one is the evidence.
        tight: list[_Hit] = []
        latest_start = -1
        for span in sorted(pairs, key=lambda s: (s[1], -s[0])):
            if latest_start < span[0]:
                tight.append(pairs[span])
            latest_start = max(latest_start, span[0])
        return tight

    def negate(self, found: list[_Hit]) -> None:
        """Mark the hits that a negation right before them denies ("niega dolor torácico", "no tiene dolor")."""
        reach: dict[int, tuple[str, bool, tuple[str, ...]]] = {}
        for start, end, phrase in self.occurrences:
            if phrase.negation is None:
                continue
            for position in range(start + 1, end):
                reach.setdefault(position, (phrase.negation, phrase.clinical, ()))
            fillers: list[str] = []
            position = end
            while position not in self.breaks:
                reach.setdefault(position, (phrase.negation, phrase.clinical, tuple(fillers)))
                if position >= len(self.tokens) or len(fillers) >= _NEGATION_GAP:
                    break
                filler = self.lex.fillers.get(self.tokens[position])
                if filler is None:
                    break
                fillers.append(filler)
                position += 1
        if not reach:
            return
        for hit in found:
            cause = reach.get(hit.start)
            if cause is None or not self.lex.negable[hit.category]:
                continue
            hit.negated, hit.clinical = True, cause[1]
            self._record(cause[0], *cause[2])
            self._extend_negation(hit, reach)

    def _extend_negation(self, hit: _Hit, reach: dict) -> None:
        """Carry a negation over "o"/"ni" to the next symptom, and over commas in clinical notes."""
        after = hit.end
        if after < len(self.tokens):
            link = self.lex.links.get(self.tokens[after])
            if link and after not in self.breaks and (after + 1) not in self.breaks:
                reach.setdefault(after + 1, (link, hit.clinical, ()))
        same_sentence = after < len(self.tokens) and self.sentence_of[after] == self.sentence_of[hit.start]
        if hit.clinical and after in self.breaks and same_sentence:
            reach.setdefault(after, ("", True, ()))

    def context(self, found: list[_Hit]) -> None:
        """Set aside the hits that a nearer cue of past, paperwork, praise, "it is over" or general talk explains."""
        suppressors: list[tuple[int, int, str, str]] = []
        presents: list[tuple[int, int, str, bool]] = []
        for start, end, phrase in self.occurrences:
            for family, source in phrase.cues:
                if family in (_PRESENT_PHRASE, _PRESENT_VERB):
                    presents.append((start, end, source, family == _PRESENT_VERB))
                else:
                    suppressors.append((start, end, family, source))
        if not suppressors:
            return
        suppressors.sort()
        # A present cue touching a suppressing one is read with it: "hoy hace dos años", "ahora está bien".
        edges = {s for s, _, _, _ in suppressors} | {e for _, e, _, _ in suppressors}
        presents = sorted(p for p in presents if p[0] not in edges and p[1] not in edges
                          and not any(s < p[1] and p[0] < e for s, e, _, _ in self._near(suppressors, p[0], p[1], 0)))
        trigger_clauses = {self.clause_of[hit.start] for hit in found}
        for hit in found:
            if hit.negated or hit.kind == PRESENT:
                continue
            allowed = _SUPPRESSORS[hit.kind]
            best = None
            for cue in self._near(suppressors, hit.start, hit.end, self.lex.max_reach):
                if cue[2] not in allowed or not self._in_scope(hit, cue[0], trigger_clauses):
                    continue
                gap = _distance(hit.start, hit.end, cue[0], cue[1])
                if gap <= self.lex.reach[cue[2]] and (best is None or gap < best[0]):
                    best = (gap, cue)
            if best is None:
                continue
            rival = self._nearest_present(hit, presents, best[0])
            if rival is not None:
                hit.rule += "+presente"
                self._record_cue(*rival)
                continue
            hit.suppressed_by = best[1][2]
            self._record_cue(best[1][0], best[1][1], best[1][3])

    def _near(self, cues: list, start: int, end: int, window: int) -> list:
        """The cues that start close enough to a span to matter, from a list sorted by start."""
        low = bisect_left(cues, (start - window - self.lex.max_span,))
        high = bisect_right(cues, (end + window, float("inf")))
        return cues[low:high]

    def _in_scope(self, hit: _Hit, cue_start: int, trigger_clauses: set[int]) -> bool:
        """A cue reaches a hit in its own clause, or from the sentence's opening clause when that clause only frames it."""
        sentence = self.sentence_of[hit.start]
        if self.sentence_of[cue_start] != sentence:
            return False
        cue_clause = self.clause_of[cue_start]
        if cue_clause == self.clause_of[hit.start]:
            return True
        return cue_clause not in trigger_clauses and cue_clause == self.clause_of[self.sentence_starts[sentence]]

    def _nearest_present(self, hit: _Hit, presents: list, limit: int) -> tuple[int, int, str] | None:
        """The present-time cue of the hit's sentence that beats a suppressing cue at distance limit.

        A time phrase wins a tie; a verb must be nearer, because it governs the whole noun phrase
        ("tiene infarto previo"). Verbs only count before the hit, and nothing counts after it once
        a comma or a conjunction has opened the next clause ("le dio un infarto en 2018 y ahora pide…").
        """
        sentence = self.sentence_of[hit.start]
        best = None
        for start, end, source, verb in self._near(presents, hit.start, hit.end, limit):
            if (hit.start <= start and end <= hit.end) or (verb and start >= hit.start):
                continue
            if self.sentence_of[start] != sentence:
                continue
            gap = _distance(hit.start, hit.end, start, end)
            if gap > limit or (verb and gap == limit) or (best is not None and gap >= best[0]):
                continue
            if start >= hit.end and not self._same_clause_after(hit.end, start):
                continue
            best = (gap, (start, end, source))
        return None if best is None else best[1]

    def _same_clause_after(self, end: int, start: int) -> bool:
        """Whether nothing between a hit's end and a later cue opens a new clause; notes the conjunction that does."""
        if not self.breaks.isdisjoint(range(end + 1, start + 1)):
            return False
        for token in self.tokens[end:start]:
            source = self.lex.conjunctions.get(token)
            if source is not None:
                self._record(source)
                return False
        return True

    def _record(self, *sources: str) -> None:
        """Note lexicon entries that took part in the verdict, when tracing."""
        if self.trace is not None:
            self.trace.update(source for source in sources if source)

    def _record_cue(self, start: int, end: int, source: str) -> None:
        """Note a decisive cue, with the number or month words and abbreviations it used."""
        if self.trace is not None:
            self._record(source)
            self.record_span(start, end)

    def record_span(self, start: int, end: int) -> None:
        """Note the number, month and weekday words and the abbreviations inside a span that decided the verdict."""
        for token in self.tokens[start:end]:
            if token in self.lex.abbreviations:
                self._record(self.lex.abbreviation_sources[token])
            word = self.lex.abbreviations.get(token, token)
            self._record(self.lex.numbers.get(word, ""), self.lex.months.get(word, ""), self.lex.weekdays.get(word, ""))


def _evaluate(text: str, trace: set[str] | None = None) -> Triage:
    """Run the matcher over text, noting in trace the lexicon entries that took part."""
    run = _Evaluation(load_lexicon(), text, trace)
    if not run.occurrences:
        return NOT_URGENT
    found = run.hits()
    if not found:
        return NOT_URGENT
    run.negate(found)
    run.context(found)
    if trace is not None:
        _trace_hits(run, found, trace)
    active = [hit for hit in found if not hit.negated and not hit.suppressed_by]
    if active:
        chosen = next(c for c in PRIORITY if any(hit.category == c for hit in active))
        first = next(hit for hit in active if hit.category == chosen)
        matches = run.display(active)
        return Triage(urgent=True, category=chosen.value, matches=matches, rule=first.rule)
    reason = "negacion" if found[0].negated else found[0].suppressed_by
    suppressed = run.display(found)
    return Triage(urgent=False, category=None, matches=(), rule=f"suprimido:{reason}", suppressed=suppressed)


def _trace_hits(run: _Evaluation, found: list[_Hit], trace: set[str]) -> None:
    """Note the trigger entries that matched, the protected words met and the cuts that kept cues apart."""
    for hit in found:
        trace.update(hit.sources)
        run.record_span(hit.start, hit.end)
    for token in run.tokens:
        if token in run.lex.protected and run.lex.typo_candidates(token):
            trace.add(run.lex.protected[token])
    window = run.lex.window
    cues = [(start, end) for start, end, phrase in run.occurrences if phrase.cues]
    for cut, _, phrase in run.occurrences:
        if phrase.cut is None:
            continue
        hit_before = any(cut - window <= hit.end <= cut for hit in found)
        hit_after = any(cut <= hit.start <= cut + window for hit in found)
        cue_before = any(cut - window <= end <= cut for _, end in cues)
        cue_after = any(cut <= start <= cut + window for start, _ in cues)
        if (hit_before and cue_after) or (hit_after and cue_before):
            trace.add(phrase.cut)


def assess(text: str) -> Triage:
    """Assess one text for L2 urgency; never raises on any string."""
    if not text or text.isspace():
        return NOT_URGENT
    return _evaluate(text)


def exercised(text: str) -> set[str]:
    """The lexicon entries that took part in assessing text, for the coverage test."""
    trace: set[str] = set()
    if text and not text.isspace():
        _evaluate(text, trace)
    return trace
