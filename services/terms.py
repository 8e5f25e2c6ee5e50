"""Terms in business days for each clock, from DESIGN.md's table, overridable per tipo by the administrator."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Termino
from models.enums import Reloj
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


def load_terms(session: Session) -> Terms:
    """Read the overrides from the Termino table."""
    rows = session.execute(select(Termino.tipo, col(Termino.reloj), col(Termino.dias))).all()
    return Terms({(tipo, reloj): dias for tipo, reloj, dias in rows})
