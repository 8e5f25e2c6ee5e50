"""Pytest plugin: after a run that included the triage tests, print recall and precision on the labelled set."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CASES_PATH = Path(__file__).parent / "data" / "triage_cases.tsv"
NONE = "none"
CATEGORIES = ("codigo_infarto", "urgencia_medica", "traslado_grave")


@dataclass(frozen=True)
class Case:
    """One labelled text of tests/data/triage_cases.tsv."""

    line: int
    category: str
    text: str


@dataclass(frozen=True)
class Score:
    """Recall and precision of one label: how many cases carry it, are found, and are predicted."""

    label: str
    cases: int
    found: int
    predicted: int

    @property
    def recall(self) -> float:
        """Share of the cases with this label that the engine gives this label."""
        return self.found / self.cases if self.cases else 1.0

    @property
    def precision(self) -> float:
        """Share of the engine's uses of this label that are right."""
        return self.found / self.predicted if self.predicted else 1.0


@lru_cache(maxsize=1)
def load_cases() -> tuple[Case, ...]:
    """The labelled set: a header line, then `category<TAB>text` per line."""
    lines = CASES_PATH.read_text(encoding="utf-8").splitlines()
    if lines[0] != "category\ttext":
        raise ValueError(f"{CASES_PATH}: la primera línea debe ser el encabezado «category<TAB>text»")
    cases = []
    for number, line in enumerate(lines[1:], start=2):
        category, separator, text = line.partition("\t")
        if not separator or category not in (*CATEGORIES, NONE) or not text.strip():
            raise ValueError(f"{CASES_PATH}:{number}: se esperaba «categoría<TAB>texto»")
        cases.append(Case(number, category, text))
    return tuple(cases)


@lru_cache(maxsize=1)
def predictions() -> tuple[tuple[Case, str], ...]:
    """Each labelled case with the engine's category for it (`none` when not urgent)."""
    from services.triage import assess

    return tuple((case, assess(case.text).category or NONE) for case in load_cases())


def scores() -> list[Score]:
    """One score per category, then one for urgent versus not urgent."""
    pairs = predictions()
    result = [
        Score(label,
              sum(1 for case, _ in pairs if case.category == label),
              sum(1 for case, got in pairs if case.category == label and got == label),
              sum(1 for _, got in pairs if got == label))
        for label in CATEGORIES
    ]
    result.append(Score(
        "urgente (sí/no)",
        sum(1 for case, _ in pairs if case.category != NONE),
        sum(1 for case, got in pairs if case.category != NONE and got != NONE),
        sum(1 for _, got in pairs if got != NONE),
    ))
    return result


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the score table when the triage tests took part in the run."""
    ran = any("test_triage" in getattr(report, "nodeid", "")
              for reports in terminalreporter.stats.values() for report in reports)
    if not ran:
        return
    terminalreporter.section("triage L2: conjunto etiquetado")
    terminalreporter.write_line(f"{'categoría':<18} {'casos':>6} {'recall':>8} {'precisión':>10}")
    for score in scores():
        terminalreporter.write_line(
            f"{score.label:<18} {score.cases:>6} {score.recall:>8.1%} {score.precision:>10.1%}")
    without = sum(1 for case in load_cases() if case.category == NONE)
    terminalreporter.write_line(f"{'(sin urgencia)':<18} {without:>6}")
