"""Terms in business days for each clock, from DESIGN.md's table, overridable per tipo by the administrator."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Termino
from models.enums import Reloj, Tipo
from services.calendar import BusinessCalendar

DEFAULT_TERMS: dict[Reloj, int] = {
    Reloj.SEGUIMIENTO: 3,
    Reloj.DECLINACION: 2,
    Reloj.RECORDATORIO_1: 2,
    Reloj.RECORDATORIO_2: 1,
    Reloj.OFICIO_SUPERIOR: 3,
    Reloj.NOTIFICACION: 2,
    Reloj.RESGUARDO: 10,
    Reloj.ACUSE_BUZON: 2,
    Reloj.CANALIZACION: 1,
}

TERM_SOURCES: dict[Reloj, str] = {
    Reloj.SEGUIMIENTO: "L5 — seguimiento del área",
    Reloj.DECLINACION: "L9 — declarar no competencia",
    Reloj.RECORDATORIO_1: "L6 — primer recordatorio",
    Reloj.RECORDATORIO_2: "L7 — segundo recordatorio (24 horas hábiles)",
    Reloj.OFICIO_SUPERIOR: "L8 — oficio al superior jerárquico",
    Reloj.NOTIFICACION: "L14 — notificar al peticionario",
    Reloj.RESGUARDO: "L14 — no localizado: resguardo",
    Reloj.ACUSE_BUZON: "L1 — avisar al peticionario de buzón",
    Reloj.CANALIZACION: "Plazo interno de la unidad para canalizar (no lo fija la guía)",
    Reloj.PRORROGA: "L10 — prórroga acordada",
}

# The clocks whose term the guide itself fixes, with the lineamiento that fixes it; the others are the unit's own
# (L1 asks to tell the buzón petitioner without a term, and routing at the desk is an internal target).
GUIDE_LINEAMIENTOS: dict[Reloj, str] = {
    Reloj.SEGUIMIENTO: "L5", Reloj.DECLINACION: "L9", Reloj.RECORDATORIO_1: "L6", Reloj.RECORDATORIO_2: "L7",
    Reloj.OFICIO_SUPERIOR: "L8", Reloj.NOTIFICACION: "L14", Reloj.RESGUARDO: "L14",
}


def days_text(days: int) -> str:
    """«1 día hábil» or «N días hábiles»."""
    return "1 día hábil" if days == 1 else f"{days} días hábiles"


def term_phrase(reloj: Reloj, days: int) -> str:
    """How a letter states a term: L7's own words when the term is the guide's one business day, else the days."""
    if reloj == Reloj.RECORDATORIO_2 and days == DEFAULT_TERMS[reloj]:
        return "24 horas, considerando días hábiles (1 día hábil)"
    return days_text(days)


def guide_limit(reloj: Reloj) -> str | None:
    """What the guide fixes for a clock («L5 fija 3 días hábiles»), or None when it fixes no term."""
    lineamiento = GUIDE_LINEAMIENTOS.get(reloj)
    if lineamiento is None:
        return None
    return f"{lineamiento} fija {term_phrase(reloj, DEFAULT_TERMS[reloj])}"


def beyond_guide(reloj: Reloj | str, days: int | None) -> str | None:
    """Why `days` needs confirming («L5 fija 3 días hábiles; 5 excede la guía»), or None when within the guide."""
    clock = Reloj(reloj)
    limit = guide_limit(clock)
    if limit is None or days is None or days <= DEFAULT_TERMS[clock]:
        return None
    return f"{limit}; {days} excede la guía"


# L10 lets a matter take longer than its term once the SAD is informed and the petitioner told; it fixes no number.
# What the guide implies: the extension is one exception to the área's term, agreed once with the SAD, which then
# agrees measures (L11) rather than further extensions; and it cannot give the área more time than the whole path
# L5–L8 would have before its superior must have resolved (3 + 2 + 1 + 3 business days), or it would be a way round
# L8. So: one prórroga per routing to an área, ending at most 9 business days after the day it is agreed.
PRORROGAS_PER_ROUTING = 1
PRORROGA_MAX_BUSINESS_DAYS = sum(DEFAULT_TERMS[clock] for clock in (
    Reloj.SEGUIMIENTO, Reloj.RECORDATORIO_1, Reloj.RECORDATORIO_2, Reloj.OFICIO_SUPERIOR))
PRORROGA_LIMIT_SOURCE = ("L10 — una prórroga por canalización, de hasta 9 días hábiles (lo que suman L5 a L8; la "
                         "guía no fija número)")

# L1: each buzón de opinión is collected at least twice a week; fewer collections in a calendar week leave it
# out of compliance (an inactive buzón does not count).
BUZON_COLLECTIONS_PER_WEEK = 2

# L17 asks for the Anexo 1 «en los primeros diez días de cada mes». The Ley Federal de Procedimiento
# Administrativo, art. 28, counts terms fixed in days as business days unless stated otherwise, as it does
# for L9's «dos días» and L14's «10 días»: the report is due at the end of the month's 10th business day.
MONTHLY_REPORT_BUSINESS_DAYS = 10
MONTHLY_REPORT_SOURCE = "L17 — informe mensual a la SAD (LFPA art. 28: días hábiles)"


def monthly_report_due(calendar: BusinessCalendar, year: int, month: int) -> date:
    """Last day to send the Anexo 1 of (year, month): the 10th business day of the following month."""
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return calendar.nth_business_day(next_year, next_month, MONTHLY_REPORT_BUSINESS_DAYS)


@dataclass(frozen=True)
class Terms:
    """The terms in force: defaults plus the administrator's overrides (per tipo, or for all tipos)."""

    overrides: dict[tuple[str, str], int] = field(default_factory=dict)

    def days(self, tipo: str, reloj: Reloj) -> int:
        """Business days of `reloj` for a petition of `tipo`."""
        for key in ((tipo, reloj.value), ("", reloj.value)):
            if key in self.overrides:
                return self.overrides[key]
        return DEFAULT_TERMS[reloj]

    def span_text(self, reloj: Reloj) -> str:
        """The term of `reloj` over every tipo: «3 d.h.», or «2 a 5 d.h.» when tipos differ."""
        spans = {self.days(tipo.value, reloj) for tipo in Tipo}
        low, high = min(spans), max(spans)
        return f"{low} d.h." if low == high else f"{low} a {high} d.h."


def load_terms(session: Session) -> Terms:
    """Read the overrides from the Termino table."""
    rows = session.execute(select(Termino.tipo, col(Termino.reloj), col(Termino.dias))).all()
    return Terms({(tipo, reloj): dias for tipo, reloj, dias in rows})
