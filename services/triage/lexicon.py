"""The triage lexicon (assets/triage_lexicon.toml) compiled for matching: families, cues, phrases and their anchors."""

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from services.errors import InvalidInput
from services.triage.result import TriageCategory
from services.triage.text import WORD, normalize_word, one_edit, plain_forms, sound_key, stem_key

PRESENT, SYMPTOM, DIAGNOSIS = "presente", "sintoma", "diagnostico"
KINDS = {"presentes": PRESENT, "sintomas": SYMPTOM, "diagnosticos": DIAGNOSIS}
# Families of cues that set a mention aside, in the order the lexicon lists them.
SUPPRESSOR_FAMILIES = ("pasado", "terminado", "tramite", "elogio", "general", "hipotesis")
PRESENT_PHRASE, PRESENT_VERB = "presente", "presente_verbo"
CLASS_MARKS = ("#", "#año", "#mes", "#día")
# How rare each kind of element is, to anchor a phrase on its least common element.
_ANCHOR_RANK = {"#año": 20, "#mes": 20, "#día": 20, "#": 3}
# Lists matched in any form of their words (stems): what they name does not depend on tense or
# number. Present-tense lists, negations and cuts keep the exact form, because there the form is
# the meaning ("convulsionando" is now, "convulsionó" may be over).
_STEMMED_KINDS = frozenset({SYMPTOM, DIAGNOSIS})


@dataclass(frozen=True, slots=True)
class Family:
    """One clinical family of the lexicon: its category, the label the officer sees and its source."""

    name: str
    category: str
    label: str
    source: str
    negable: bool
    fallback: bool


@dataclass(frozen=True, slots=True)
class Phrase:
    """One sequence of lexicon words and every role the lexicon gives it."""

    elements: tuple[str, ...]
    anchor: int
    others: tuple[tuple[int, str], ...]  # (offset, element) of every element but the anchor
    triggers: tuple[tuple[str, str, str, tuple[str, ...]], ...]  # (family, kind, source, words as listed)
    parts: tuple[tuple[int, str, str], ...]  # (combination index, side, source)
    backers: tuple[tuple[str, str], ...]  # (family, source) of phrases that need an urgent finding elsewhere
    cues: tuple[tuple[str, str], ...]  # (cue family, source)
    negation: str | None
    clinical: bool
    cut: str | None
    exception: str | None


@dataclass(frozen=True, slots=True)
class Combination:
    """Two word lists that trigger a family when words of both appear close together."""

    family: str
    kind: str
    name: str
    distance: int
    requires: str | None


class Lexicon:
    """The lexicon compiled for matching: phrases anchored on their rarest word, the typo index and the settings."""

    def __init__(self, data: dict) -> None:
        settings = data.get("ajustes", {})
        self.min_fuzzy = int(settings.get("tolerancia_desde_letras", 6))
        self.window = int(settings.get("distancia_pistas", 12))
        self.stems = bool(settings.get("raices", True))
        self.entries: set[str] = set()
        self.ranges = {name: (int(low), int(high)) for name, (low, high) in data.get("rangos", {}).items()}
        self.class_marks = frozenset((*CLASS_MARKS, *self.ranges))
        self._seen: set[tuple[str, tuple[str, ...]]] = set()
        self.surface: set[str] = set()
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
            key = normalize_word(short)
            self.abbreviations[key] = normalize_word(full)
            self.abbreviation_sources[key] = f"abreviaturas:{short}"
            self.entries.add(self.abbreviation_sources[key])
        self.families: dict[str, Family] = {}
        self.combinations: list[Combination] = []
        self._roles: dict[tuple[str, ...], dict] = {}
        self._load_families(data.get("familias", {}))
        self._load_cues(data)
        phrases = [self._phrase(elements, roles) for elements, roles in self._roles.items()]
        self.max_span = max(len(phrase.elements) for phrase in phrases)
        self.anchors: dict[str, list[tuple[Phrase, int]]] = {}
        for phrase in phrases:
            self.anchors.setdefault(phrase.elements[phrase.anchor], []).append((phrase, phrase.anchor))
        self.vocabulary = frozenset(w for phrase in phrases for w in phrase.elements if w not in self.class_marks)
        # Each lexicon word and stem under the way it sounds, for words spelt by ear ("ambulansia").
        self.sounds: dict[str, frozenset[str]] = {}
        self.surface_keys: dict[str, frozenset[str]] = {}
        for word in self.surface:
            keys = self._direct_keys(word)
            self.surface_keys[word] = frozenset(keys)
            heard = sound_key(word)
            self._add_sound(heard, keys)
            # A stem heard alike stands only for the stem: exact-form lists keep their form.
            self._add_sound(stem_key(heard) or heard, {key for key in keys if key != word})
        self.long_words = frozenset(w for w in self.surface if len(w) >= self.min_fuzzy and not w.isdigit())
        self.typo_lengths = range(self.min_fuzzy - 1, max(map(len, self.long_words), default=0) + 2)
        # Each long word, as it sounds, under itself and under each of its one-letter deletions: a token
        # one typing error away shares at least one of these keys with the word (symmetric deletion).
        self.typo_index: dict[str, tuple[str, ...]] = {}
        for word in self.long_words:
            heard = sound_key(word)
            for variant in {heard, *(heard[:i] + heard[i + 1:] for i in range(len(heard)))}:
                self.typo_index[variant] = (*self.typo_index.get(variant, ()), word)

    def _elements(self, phrase: str) -> tuple[str, ...]:
        """The normalised elements of one lexicon phrase, keeping the class marks as they are."""
        elements: list[str] = []
        for piece in phrase.split():
            if piece in self.class_marks:
                elements.append(piece)
            else:
                elements.extend(w for w in map(normalize_word, WORD.findall(piece)) if w)
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

    def _role(self, phrase: str, source: str, stemmed: bool = False, part: bool = False) -> dict:
        """The role record of a phrase, created on first use; only a part of a combination may be a bare class."""
        elements = self._elements(phrase)
        marks = self.class_marks
        if not (any(e not in marks for e in elements) or (part and elements and elements[0] in self.ranges)):
            raise InvalidInput(f"Léxico de triage: la entrada «{source}» no tiene ninguna palabra.")
        self._register(source, elements)
        self.surface.update(e for e in elements if e not in marks)
        if stemmed and self.stems:
            elements = tuple(e if e in marks else stem_key(e) or e for e in elements)
        return self._roles.setdefault(elements, {"triggers": [], "parts": [], "backers": [], "cues": [],
                                                 "negation": None, "clinical": False, "cut": None, "exception": None})

    def _load_families(self, families: dict) -> None:
        """Register the trigger phrases and combinations of every clinical family."""
        expected = {c.value for c in TriageCategory}
        for name, body in families.items():
            category = body.get("category")
            if category not in expected:
                raise InvalidInput(
                    f"Léxico de triage: la familia «{name}» debe tener category en {sorted(expected)}, no «{category}».")
            if not body.get("label") or not body.get("source"):
                raise InvalidInput(f"Léxico de triage: la familia «{name}» necesita label y source.")
            self.families[name] = Family(name, category, body["label"], body["source"],
                                         bool(body.get("negable", True)), bool(body.get("fallback", False)))
            for section, kind in KINDS.items():
                for phrase in body.get(section, []):
                    source = f"familias.{name}.{section}:{phrase}"
                    role = self._role(phrase, source, kind in _STEMMED_KINDS)
                    role["triggers"].append((name, kind, source, self._elements(phrase)))
            for phrase in body.get("con_urgencia", []):
                source = f"familias.{name}.con_urgencia:{phrase}"
                self._role(phrase, source, True)["backers"].append((name, source))
            for combo in body.get("combinaciones", []):
                self._load_combination(name, combo, expected)
        missing = expected - {family.category for family in self.families.values()}
        if missing:
            raise InvalidInput(f"Léxico de triage: ninguna familia lleva la categoría {sorted(missing)}.")

    def _load_combination(self, family: str, combo: dict, categories: set[str]) -> None:
        """Register one combination of a family: its two word lists, matched in any form."""
        kind = combo.get("tipo", SYMPTOM)
        if kind not in (PRESENT, SYMPTOM, DIAGNOSIS):
            raise InvalidInput(f"Léxico de triage: tipo «{kind}» desconocido en «{combo.get('nombre')}».")
        requires = combo.get("requiere")
        if requires is not None and requires not in categories:
            raise InvalidInput(
                f"Léxico de triage: «requiere = {requires}» no es una categoría, en «{combo['nombre']}».")
        index = len(self.combinations)
        self.combinations.append(Combination(family, kind, combo["nombre"], int(combo["distancia"]), requires))
        for side in ("a", "b"):
            for phrase in combo[side]:
                source = f"familias.{family}.combinaciones.{combo['nombre']}.{side}:{phrase}"
                self._role(phrase, source, kind in _STEMMED_KINDS, part=True)["parts"].append((index, side, source))

    def _load_cues(self, data: dict) -> None:
        """Register the context cues, negations, exceptions and sentence cuts."""
        cues = data.get("pistas", {})
        self.reach = {family: int(cues.get(family, {}).get("alcance", self.window)) for family in SUPPRESSOR_FAMILIES}
        self.max_reach = max(self.reach.values())
        for phrase in cues.get("presente", {}).get("verbos", []):
            source = f"pistas.presente.verbos:{phrase}"
            self._role(phrase, source)["cues"].append((PRESENT_VERB, source))
        for family in (PRESENT_PHRASE, *SUPPRESSOR_FAMILIES):
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
            self._role(phrase, source, True)["exception"] = source

    @staticmethod
    def _phrase(elements: tuple[str, ...], roles: dict) -> Phrase:
        """Freeze one role record, anchoring the phrase on its least common element."""
        anchor = max(range(len(elements)), key=lambda i: _ANCHOR_RANK.get(elements[i], len(elements[i])))
        others = tuple((offset, element) for offset, element in enumerate(elements) if offset != anchor)
        return Phrase(elements, anchor, others, tuple(roles["triggers"]), tuple(roles["parts"]),
                      tuple(roles["backers"]), tuple(roles["cues"]), roles["negation"], roles["clinical"],
                      roles["cut"], roles["exception"])

    def _add_sound(self, heard: str, keys: set[str]) -> None:
        """File the keys of a lexicon word under the way it sounds."""
        if keys:
            self.sounds[heard] = self.sounds.get(heard, frozenset()) | keys

    def typo_candidates(self, token: str) -> set[str]:
        """The long lexicon words that token, as it sounds, is one typing error away from."""
        index = self.typo_index
        heard = sound_key(token)
        found = list(index.get(heard, ()))
        for i in range(len(heard)):
            words = index.get(heard[:i] + heard[i + 1:])
            if words:
                found += words
        return {word for word in found if heard == sound_key(word) or one_edit(heard, sound_key(word))} if found else set()

    def _direct_keys(self, word: str) -> set[str]:
        """The lexicon elements a word stands for as written: itself or its stem."""
        keys = {word} if word in self.vocabulary else set()
        stem = stem_key(word) if self.stems else None
        if stem in self.vocabulary:
            keys.add(stem)
        return keys

    def keys_of(self, word: str) -> set[str]:
        """The lexicon elements a normalised word stands for: itself, its stem, its class, or what it misspells."""
        keys = {word} if word in self.vocabulary else set()
        if word.isdigit():
            keys.add("#")
            number = int(word)
            if len(word) == 4 and 1950 <= number <= 2099:
                keys.add("#año")
            keys.update(name for name, (low, high) in self.ranges.items() if low <= number <= high)
            return keys
        if word in self.protected:
            return keys
        keys |= self._direct_keys(word)
        if word in self.numbers:
            keys.add("#")
        if word in self.months:
            keys.add("#mes")
        if word in self.weekdays:
            keys.add("#día")
        if word.endswith("n") and len(word) >= 5 and word not in self.vocabulary:
            # A plural verb also reads as its singular, listed in its exact form ("no despiertan").
            keys |= self.surface_keys.get(word[:-1], frozenset())
        if keys or len(word) < 3:
            return keys
        # Unknown as written: a diminutive or plural of a lexicon word, the same word spelt by ear, or one typo off.
        forms = plain_forms(word)
        for form in forms:
            keys |= self.surface_keys.get(form, frozenset())
        if forms and not keys:
            keys = self._direct_keys(forms[0])
        if keys:
            return keys
        heard = sound_key(word)
        keys |= self.sounds.get(heard, frozenset())
        if self.stems:
            keys |= self.sounds.get(stem_key(heard) or heard, frozenset())
        if not keys and len(word) in self.typo_lengths:
            for candidate in self.typo_candidates(word):
                keys |= self._direct_keys(candidate)
        return keys


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read and compile assets/triage_lexicon.toml once per process."""
    with files("assets").joinpath("triage_lexicon.toml").open("rb") as handle:
        return Lexicon(tomllib.load(handle))


def lexicon_entries() -> frozenset[str]:
    """Every entry of the lexicon, named as `section:entry`, for the coverage test."""
    return frozenset(load_lexicon().entries)
