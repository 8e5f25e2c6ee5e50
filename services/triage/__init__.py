"""Triage at entry (L2): recognises código infarto, urgencia médica and traslado grave in free Spanish text.

The clinical families, their words and the context cues live in assets/triage_lexicon.toml; text.py
folds each word, lexicon.py compiles the data file, reading.py cuts a text into words and matching.py
weighs each mention against negations and cues of past, paperwork, praise and hypothesis.
"""

from functools import lru_cache

from services.triage.lexicon import Lexicon, lexicon_entries, load_lexicon
from services.triage.matching import Evaluation, Hit
from services.triage.reading import Reader
from services.triage.result import (
    CATEGORY_LABELS,
    NOT_URGENT,
    PRIORITY,
    SUPPRESSION_LABELS,
    Triage,
    TriageCategory,
)
from services.triage.second_opinion import second_opinion
from services.triage.text import stem_key

__all__ = [
    "CATEGORY_LABELS",
    "NOT_URGENT",
    "PRIORITY",
    "SECOND_OPINION_LABEL",
    "SUPPRESSION_LABELS",
    "Lexicon",
    "Triage",
    "TriageCategory",
    "assess",
    "exercised",
    "lexicon_entries",
    "load_lexicon",
    "normalize",
]


@lru_cache(maxsize=1)
def _reader() -> Reader:
    """The one reader of the process, over the one lexicon, with its word caches."""
    return Reader(load_lexicon())


def normalize(text: str) -> str:
    """The text as the matcher sees it: lower case, no accents, no signs, no repeated letters."""
    return " ".join(token for token in _reader().read(text).tokens if token)


def _evaluate(text: str, trace: set[str] | None = None) -> Triage:
    """Run the matcher over text, noting in trace the lexicon entries that took part."""
    run = Evaluation(_reader(), text, trace)
    if not run.occurrences:
        return NOT_URGENT
    found = run.hits()
    if not found:
        return NOT_URGENT
    run.negate(found)
    run.context(found)
    if trace is not None:
        _trace_hits(run, found, trace)
    findings = [hit for hit in found if not hit.backer]
    if not findings:
        # A transfer or a missing resource alone is paperwork; beside a finding of its own it is urgent.
        return NOT_URGENT
    active = [hit for hit in found if not hit.negated and not hit.suppressed_by]
    if not any(not hit.backer for hit in active):
        active = []
    if active:
        chosen = next(c for c in PRIORITY if any(hit.category == c for hit in active))
        of_category = [hit for hit in active if hit.category == chosen]
        families = run.lex.families
        first = next((hit for hit in of_category if not families[hit.family].fallback), of_category[0])
        return Triage(urgent=True, category=chosen.value, matches=run.display(active), rule=first.rule,
                      label=families[first.family].label)
    reason = "negacion" if findings[0].negated else findings[0].suppressed_by
    return Triage(urgent=False, category=None, matches=(), rule=f"suprimido:{reason}",
                  suppressed=run.display(findings))


def _trace_hits(run: Evaluation, found: list[Hit], trace: set[str]) -> None:
    """Note the trigger entries that matched, the protected words met and the cuts that kept cues apart."""
    lex = run.lex
    for hit in found:
        trace.update(hit.sources)
        run.record_span(hit.start, hit.end)
    for token in run.tokens:
        if token in lex.protected and (lex.typo_candidates(token) or stem_key(token) in lex.vocabulary):
            trace.add(lex.protected[token])
    window = lex.window
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


SECOND_OPINION_LABEL = "posible urgencia — confirme"
# Below a few words the n-grams carry too little to judge («Otra», «Hoja dos»): the model stays silent.
SECOND_OPINION_MIN_WORDS = 4


def assess(text: str, *, use_model: bool = True) -> Triage:
    """Assess one text for L2 urgency (the lexicon, then the model where it is silent); never raises on any string."""
    if not text or text.isspace():
        return NOT_URGENT
    verdict = _evaluate(text)
    if verdict.rule != "sin_coincidencias" or not use_model:
        return verdict
    # Missing an emergency costs more than a phone call: where the lexicon found nothing at all, the model may raise
    # a flag for the officer to confirm, showing the words that weighed most. It never overrides a negation or a cue.
    opinion = second_opinion()
    if opinion is None or len(text.split()) < SECOND_OPINION_MIN_WORDS or opinion.probability(text) < opinion.threshold:
        return verdict
    return Triage(urgent=True, category=TriageCategory.URGENCIA_MEDICA.value, matches=opinion.heaviest_words(text),
                  rule="segunda_opinion", label=SECOND_OPINION_LABEL)


def exercised(text: str) -> set[str]:
    """The lexicon entries that took part in assessing text, for the coverage test."""
    trace: set[str] = set()
    if text and not text.isspace():
        _evaluate(text, trace)
    return trace
