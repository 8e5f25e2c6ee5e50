"""Pytest plugin: after a run that included the triage tests, print recall, precision and category accuracy per set."""

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
CASES_PATH = DATA / "triage_cases.tsv"
# One short case per lexicon entry that the petitions do not use yet, so that every entry is exercised.
EXAMPLES_PATH = DATA / "triage_lexicon_examples.tsv"
BLIND_PATTERN = "triage_blind_*.tsv"
NONE = "none"
CATEGORIES = ("codigo_infarto", "urgencia_medica", "traslado_grave")


@dataclass(frozen=True)
class Case:
    """One labelled text of a triage set file."""

    line: int
    category: str
    text: str


@dataclass(frozen=True)
class Score:
    """How one label fares: cases that carry it, found urgent, given exactly it, and predictions of it."""

    label: str
    cases: int
    found: int
    predicted: int
    urgent_found: int = 0  # cases of this label flagged urgent, whatever the category
    right_predictions: int = 0  # predictions of this label that were right (urgent for the overall row)

    @property
    def recall(self) -> float:
        """Share of the cases with this label that the engine flags urgent (the overall row: urgent cases flagged)."""
        return self.urgent_found / self.cases if self.cases else 1.0

    @property
    def accuracy(self) -> float:
        """Share of the cases with this label that get exactly this label."""
        return self.found / self.cases if self.cases else 1.0

    @property
    def precision(self) -> float:
        """Share of the engine's uses of this label that are right."""
        return self.right_predictions / self.predicted if self.predicted else 1.0


def load_set(path: Path) -> tuple[Case, ...]:
    """A set file: a header line, then `category<TAB>text` per line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines[0] != "category\ttext":
        raise ValueError(f"{path}: la primera línea debe ser el encabezado «category<TAB>text»")
    cases = []
    for number, line in enumerate(lines[1:], start=2):
        category, separator, text = line.partition("\t")
        if not separator or category not in (*CATEGORIES, NONE) or not text.strip():
            raise ValueError(f"{path}:{number}: se esperaba «categoría<TAB>texto»")
        cases.append(Case(number, category, text))
    return tuple(cases)


@lru_cache(maxsize=1)
def load_cases() -> tuple[Case, ...]:
    """The labelled set, blind sets already merged into it."""
    return load_set(CASES_PATH)


def blind_sets() -> list[Path]:
    """Every blind set file, oldest first (triage_blind_a.tsv, triage_blind_b.tsv, …)."""
    return sorted(DATA.glob(BLIND_PATTERN))


def named_sets() -> list[tuple[str, tuple[Case, ...]]]:
    """The sets the report scores: the original labelled cases, each blind set, the whole labelled set, the examples."""
    blind = [(f"ciego {path.stem.removeprefix('triage_blind_').upper()}", load_set(path)) for path in blind_sets()]
    seen = {case.text for _, cases in blind for case in cases}
    original = tuple(case for case in load_cases() if case.text not in seen)
    return [("etiquetado original", original), *blind, ("etiquetado completo", load_cases()),
            ("ejemplos del léxico", load_set(EXAMPLES_PATH))]


@cache
def _category(text: str) -> str:
    """The engine's category for one text (`none` when not urgent)."""
    from services.triage import assess

    return assess(text).category or NONE


def predictions(cases: tuple[Case, ...] | None = None) -> tuple[tuple[Case, str], ...]:
    """Each case with the engine's category for it; the whole labelled set by default."""
    return tuple((case, _category(case.text)) for case in (load_cases() if cases is None else cases))


def scores(cases: tuple[Case, ...] | None = None) -> list[Score]:
    """One score per category, then one for urgent versus not urgent (its accuracy: exact category on urgent cases)."""
    pairs = predictions(cases)
    result = []
    for label in CATEGORIES:
        exact = sum(1 for case, got in pairs if case.category == label and got == label)
        result.append(Score(
            label, sum(1 for case, _ in pairs if case.category == label), exact,
            sum(1 for _, got in pairs if got == label),
            sum(1 for case, got in pairs if case.category == label and got != NONE), exact))
    result.append(Score(
        "urgente (sí/no)",
        sum(1 for case, _ in pairs if case.category != NONE),
        sum(1 for case, got in pairs if case.category != NONE and got == case.category),
        sum(1 for _, got in pairs if got != NONE),
        sum(1 for case, got in pairs if case.category != NONE and got != NONE),
        sum(1 for case, got in pairs if case.category != NONE and got != NONE),
    ))
    return result


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the score table of every set when the triage tests took part in the run."""
    ran = any("test_triage" in getattr(report, "nodeid", "")
              for reports in terminalreporter.stats.values() for report in reports)
    if not ran:
        return
    for name, cases in named_sets():
        terminalreporter.section(f"triage L2: conjunto {name} ({len(cases)} casos)")
        terminalreporter.write_line(
            f"{'categoría':<18} {'casos':>6} {'recall':>8} {'precisión':>10} {'categoría exacta':>17}")
        for score in scores(cases):
            terminalreporter.write_line(f"{score.label:<18} {score.cases:>6} {score.recall:>8.1%} "
                                        f"{score.precision:>10.1%} {score.accuracy:>17.1%}")
        without = sum(1 for case in cases if case.category == NONE)
        terminalreporter.write_line(f"{'(sin urgencia)':<18} {without:>6}")
