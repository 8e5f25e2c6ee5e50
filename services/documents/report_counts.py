"""The monthly report's arithmetic and wording of numbers: totals, shares, plurals and the compliance grade."""

from collections import defaultdict
from collections.abc import Sequence

from reportlab.lib import colors

from services.documents.model import AreaCompliance, MonthlyReportData

VERDE = colors.HexColor("#2E7D32")
AMBAR = colors.HexColor("#B26A00")
ROJO = colors.HexColor("#B00020")


def number(value: int) -> str:
    """A count with thousands separated by commas."""
    return f"{value:,}"


def plural(count: int, singular: str, plural_form: str) -> str:
    """The singular for one, the plural otherwise."""
    return singular if count == 1 else plural_form


def percent(part: int, whole: int) -> str:
    """The share as «12.5 %», or a dash when there is nothing to divide by."""
    return f"{100 * part / whole:.1f} %" if whole else "—"


def total(data: MonthlyReportData) -> int:
    """The petitions received in the month."""
    return sum(data.por_tipo_canal.values())


def sum_by(counts: dict[tuple[str, str], int], index: int) -> list[tuple[str, int]]:
    """Counts keyed by (tipo, canal) added up by one side of the key, largest first."""
    totals: dict[str, int] = defaultdict(int)
    for key, count in counts.items():
        totals[key[index]] += count
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def compliance_totals(rows: Sequence[AreaCompliance]) -> dict[str, tuple[int, int]]:
    """Per término: petitions answered in term and petitions in all."""
    totals: dict[str, list[int]] = {}
    for row in rows:
        bucket = totals.setdefault(row.termino, [0, 0])
        bucket[0] += row.en_plazo
        bucket[1] += row.total
    return {termino: (in_term, count) for termino, (in_term, count) in totals.items()}


def satisfaction_average(counts: Sequence[tuple[int, int]]) -> str:
    """The mean rating to one decimal, or a dash without answers."""
    answers = sum(n for _, n in counts)
    return f"{sum(r * n for r, n in counts) / answers:.1f}" if answers else "—"


def grade(share: float) -> colors.Color:
    """Green from 90 % in term, amber from 70 %, red below."""
    if share >= 0.9:
        return VERDE
    return AMBAR if share >= 0.7 else ROJO
