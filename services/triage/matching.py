"""One pass of the triage over one text: phrase occurrences, negation, context cues and the hits left standing."""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import compress

from services.triage.lexicon import (
    DIAGNOSIS,
    PRESENT,
    PRESENT_PHRASE,
    PRESENT_VERB,
    SYMPTOM,
    Lexicon,
    Phrase,
)
from services.triage.reading import Reader, distance, numbering, shown

# Praise, the past, "it is over", hypotheses and general talk set aside any mention that is not in
# the present tense; paperwork only sets aside the name of a condition, never a described symptom.
_SUPPRESSORS = {
    SYMPTOM: frozenset({"pasado", "terminado", "elogio", "general", "hipotesis"}),
    DIAGNOSIS: frozenset({"pasado", "terminado", "elogio", "general", "hipotesis", "tramite"}),
}
_NEGATION_GAP = 3


@dataclass(slots=True)
class Hit:
    """One place where a trigger matched, and what became of it."""

    start: int
    end: int
    family: str
    category: str
    kind: str
    rule: str
    sources: tuple[str, ...]
    combination: int = -1
    gap: tuple[int, int] | None = None  # the words between the two parts of a combination
    backer: bool = False  # counts only beside an urgent finding of another family
    negated: bool = False
    clinical: bool = False
    suppressed_by: str = ""


class Evaluation:
    """One pass of the matcher over one text: occurrences, negation, context and the verdict."""

    def __init__(self, reader: Reader, text: str, trace: set[str] | None) -> None:
        self.lex: Lexicon = reader.lex
        self.trace = trace
        reading = reader.read(text)
        self.written, self.tokens, self.keys = reading.written, reading.tokens, reading.keys
        self.breaks = set(reading.clauses)
        self.occurrences = self._scan(reading.anchored)
        cuts = [start for start, _, phrase in self.occurrences if phrase.cut]
        self.breaks.update(cuts)
        count = len(self.tokens)
        self.sentence_starts = sorted(set(reading.sentences).union(cuts))
        self.sentence_of = numbering(self.sentence_starts, count)
        self.written_sentence_of = numbering(sorted(set(reading.sentences)), count)
        self.clause_of = numbering(sorted(self.breaks), count)
        # Present time phrases ("hace 20 minutos"): the words they cover, and the clauses that hold one.
        timed = [(s, e, p) for s, e, p in self.occurrences if any(f == PRESENT_PHRASE for f, _ in p.cues)]
        self.timed = [False] * (count + 1)
        for start, end, _ in timed:
            self.timed[start:end] = [True] * (end - start)
        self.timed_clauses = {self.clause_of[start]: phrase for start, _, phrase in timed}

    def _scan(self, anchored: tuple) -> list[tuple[int, int, Phrase]]:
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

    def display(self, hits: list[Hit]) -> tuple[str, ...]:
        """The words of each hit as the person wrote them, in lower case, leaving out repeated evidence."""
        return shown(self.written, hits)

    def hits(self) -> list[Hit]:
        """Trigger occurrences, with combinations paired and phrases inside longer ones dropped."""
        found: list[Hit] = []
        parts: dict[int, tuple[list, list]] = {}
        excepted = self._excepted()
        families = self.lex.families
        for start, end, phrase in self.occurrences:
            if excepted and not excepted.isdisjoint(range(start, end)):
                continue
            if phrase.triggers:
                for family, kind, source in self._triggers(phrase, start, end):
                    found.append(Hit(start, end, family, families[family].category, kind, kind, (source,)))
            for family, source in phrase.backers:
                found.append(Hit(start, end, family, families[family].category, DIAGNOSIS, "con_urgencia", (source,),
                                 backer=True))
            for index, side, source in phrase.parts:
                parts.setdefault(index, ([], []))[0 if side == "a" else 1].append((start, end, source))
        found = self._drop_contained(found)
        paired: list[Hit] = []
        for index, (left, right) in parts.items():
            if left and right:
                paired.extend(self._pairs(index, left, right))
        found.extend(paired)
        if paired and any(hit.backer for hit in found):
            # A transfer word already inside a combination is that combination's evidence, not a second hit.
            spans = [(hit.start, hit.end) for hit in paired]
            found = [hit for hit in found
                     if not (hit.backer and any(s <= hit.start and hit.end <= e for s, e in spans))]
        dependent = {id(hit) for hit in paired if self.lex.combinations[hit.combination].requires}
        if dependent:
            found = [hit for hit in found if id(hit) not in dependent or self._backed(hit, found)]
        found.sort(key=lambda hit: (hit.start, hit.end))
        return found

    def _triggers(self, phrase: Phrase, start: int, end: int) -> list[tuple[str, str, str]]:
        """The triggers of an occurrence: those listed in the very words written, else the most easily set aside.

        Stems join entries of different lists ("infartado" a symptom, "infarto" a diagnosis): a form listed
        in neither is read as the one that paperwork and the past can still set aside.
        """
        triggers = phrase.triggers
        if len(triggers) > 1:
            written = self.tokens[start:end]
            chosen = ([t for t in triggers if t[3] == written] or [t for t in triggers if t[1] == DIAGNOSIS]
                      or triggers)
        else:
            chosen = triggers
        return [(family, kind, source) for family, kind, source, _ in chosen]

    def _backed(self, hit: Hit, found: list[Hit]) -> bool:
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
    def _drop_contained(found: list[Hit]) -> list[Hit]:
        """Keep "infarto cerebral" and drop the "infarto" inside it."""
        contained: set[tuple[int, int]] = set()
        furthest = -1
        for span in sorted({(hit.start, hit.end) for hit in found}, key=lambda s: (s[0], -s[1])):
            if span[1] <= furthest:
                contained.add(span)
            else:
                furthest = span[1]
        return [hit for hit in found if (hit.start, hit.end) not in contained] if contained else found

    def _pairs(self, index: int, left: list, right: list) -> list[Hit]:
        """Each word of list a with the nearby words of list b on either side, in the same written sentence."""
        combo = self.lex.combinations[index]
        right.sort()
        starts = [item[0] for item in right]
        pairs: dict[tuple[int, int], Hit] = {}
        for a_start, a_end, a_source in left:
            position = bisect_left(starts, a_start)
            for b_start, b_end, b_source in right[max(0, position - 3):position + 3]:
                if b_start < a_end and a_start < b_end:
                    continue
                if self._apart(a_start, a_end, b_start, b_end) > combo.distance:
                    continue
                if self.written_sentence_of[a_start] != self.written_sentence_of[b_start]:
                    continue
                span = (min(a_start, b_start), max(a_end, b_end))
                if span not in pairs:
                    gap = (min(a_end, b_end), max(a_start, b_start))
                    pairs[span] = Hit(span[0], span[1], combo.family, self.lex.families[combo.family].category,
                                      combo.kind, f"combinacion:{combo.name}", (a_source, b_source), index, gap)
        # Of two pairings where one lies inside the other, the tighter one is the evidence.
        tight: list[Hit] = []
        latest_start = -1
        for span in sorted(pairs, key=lambda s: (s[1], -s[0])):
            if latest_start < span[0]:
                tight.append(pairs[span])
            latest_start = max(latest_start, span[0])
        return tight

    def _apart(self, start: int, end: int, other_start: int, other_end: int) -> int:
        """Words between two spans, leaving out a present time phrase that touches either of them.

        "Una molestia opresiva hace 20 minutos, a mitad del pecho": the time phrase is an aside.
        """
        low, high = (end, other_start) if other_start >= end else (other_end, start)
        while low < high and self.timed[low]:
            low += 1
        while low < high and self.timed[high - 1]:
            high -= 1
        return max(0, high - low)

    def negate(self, found: list[Hit]) -> None:
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
        denied = []
        for hit in found:
            cause = reach.get(hit.start)
            if cause is not None:
                denied.append(hit)
            elif hit.gap is not None:
                # The later part of a combination denied denies it ("20 semanas, no he tenido sangrado").
                cause = reach.get(hit.gap[1])
            if cause is None or not self.lex.families[hit.family].negable:
                continue
            hit.negated, hit.clinical = True, cause[1]
            self._record(cause[0], *cause[2])
            self._extend_negation(hit, reach)
        # A combination that ends or starts inside a denied finding of its family is denied with it
        # ("se siente cansado pero no tiene dolor de pecho").
        for hit in found:
            if not hit.negated and hit.gap is not None and any(
                    other.negated and other.family == hit.family
                    and (other.start <= hit.start < other.end or other.start < hit.end <= other.end) for other in denied):
                hit.negated = True

    def _extend_negation(self, hit: Hit, reach: dict) -> None:
        """Carry a negation over "o"/"ni" to the next symptom, and over commas in clinical notes."""
        after = hit.end
        if after < len(self.tokens):
            link = self.lex.links.get(self.tokens[after])
            if link and after not in self.breaks and (after + 1) not in self.breaks:
                reach.setdefault(after + 1, (link, hit.clinical, ()))
        same_sentence = after < len(self.tokens) and self.sentence_of[after] == self.sentence_of[hit.start]
        if hit.clinical and after in self.breaks and same_sentence:
            reach.setdefault(after, ("", True, ()))

    def context(self, found: list[Hit]) -> None:
        """Set aside the hits that a nearer cue of past, paperwork, praise, "it is over" or general talk explains."""
        suppressors: list[tuple[int, int, str, str]] = []
        presents: list[tuple[int, int, str, bool]] = []
        for start, end, phrase in self.occurrences:
            for family, source in phrase.cues:
                if family in (PRESENT_PHRASE, PRESENT_VERB):
                    presents.append((start, end, source, family == PRESENT_VERB))
                else:
                    suppressors.append((start, end, family, source))
        # A past cue inside a longer present one is read with it: "desde hace dos días" is ongoing.
        kept = []
        for cue in suppressors:
            wider = next((p for p in presents if p[0] <= cue[0] and cue[1] <= p[1] and p[1] - p[0] > cue[1] - cue[0]),
                         None)
            if wider is None:
                kept.append(cue)
            else:
                self._record(wider[2])
        suppressors = kept
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
                late = cue[2] == "terminado" and self._over_after_cut(hit, cue[0])
                if cue[2] not in allowed or not (late or self._in_scope(hit, cue[0], trigger_clauses)):
                    continue
                gap = distance(hit.start, hit.end, cue[0], cue[1])
                if gap <= self.lex.reach[cue[2]] and (best is None or gap < best[0]):
                    best = (gap, cue, late)
            if best is None:
                continue
            # "Se desmayó hace rato, pero ya está bien": what follows the cut is the latest news.
            rival = None if best[2] else self._nearest_present(hit, presents, best[0])
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

    def _in_scope(self, hit: Hit, cue_start: int, trigger_clauses: set[int]) -> bool:
        """A cue reaches a hit in its own clause, or from the sentence's opening clause when that clause only frames it."""
        sentence = self.sentence_of[hit.start]
        if self.sentence_of[cue_start] != sentence:
            return False
        cue_clause = self.clause_of[cue_start]
        if cue_clause == self.clause_of[hit.start]:
            return True
        if cue_clause in trigger_clauses or cue_clause != self.clause_of[self.sentence_starts[sentence]]:
            return False
        # A clause that gives its own present time is not framed by the opening one
        # ("sin medicamento desde hace 2 semanas refiere…, presión 210/120 tomada hace un momento").
        timed = self.timed_clauses.get(self.clause_of[hit.start])
        if timed is not None:
            self._record(*(source for family, source in timed.cues if family == PRESENT_PHRASE))
        return timed is None

    def _over_after_cut(self, hit: Hit, cue_start: int) -> bool:
        """Whether a cue comes after the hit, past a cut word, in the same written sentence ("…, pero ya pasó")."""
        return (cue_start >= hit.end and self.written_sentence_of[cue_start] == self.written_sentence_of[hit.start]
                and self.sentence_of[cue_start] != self.sentence_of[hit.start])

    def _nearest_present(self, hit: Hit, presents: list, limit: int) -> tuple[int, int, str] | None:
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
            gap = distance(hit.start, hit.end, start, end)
            if gap > limit or (verb and gap == limit) or (best is not None and gap >= best[0]):
                continue
            if start >= hit.end and not self._same_clause_after(hit.end, start):
                continue
            best = (gap, (start, end, source))
        return None if best is None else best[1]

    def _same_clause_after(self, end: int, start: int) -> bool:
        """Whether nothing between a hit's end and a later cue opens a new clause; notes the conjunction that does."""
        if not self.breaks.isdisjoint(range(end, start + 1)):
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

