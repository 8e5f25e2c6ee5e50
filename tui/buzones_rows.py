"""The Buzones screen's data and lines: the week's L1 compliance, the notices due, the sheet counter."""

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from sqlalchemy.orm import Session

from models.validators import normalize_email, normalize_phone
from services.buzones import WeekCompliance, week_compliance
from services.inhabiles import load_calendar
from services.pending import PendingAction, pending_actions
from services.terms import BUZON_COLLECTIONS_PER_WEEK
from services.triage.result import Triage
from tui.escalation_rows import URGENT_STYLE, situation


@dataclass(frozen=True)
class BuzonesData:
    """This week's collections per buzón and the L1 notices due today or overdue."""

    week: list[WeekCompliance]
    acks: list[PendingAction]


def load_buzones(*, session: Session, unidad_id: int, today: date) -> BuzonesData:
    """The week's compliance and the pending notices to buzón petitioners, read in one session."""
    actions = pending_actions(session, unidad_id=unidad_id, today=today, calendar=load_calendar(session))
    return BuzonesData(week_compliance(session, unidad_id=unidad_id, day=today),
                       [a for a in actions if a.accion == "acuse_buzon"])


def compliance_line(week: WeekCompliance) -> Text:
    """«B-01 Sala de espera — 1 de 2 recolecciones esta semana ✗ no cumple (L1)»."""
    line = Text(f"{week.clave} {week.ubicacion} — {week.recolecciones} de {BUZON_COLLECTIONS_PER_WEEK} "
                "recolecciones esta semana ")
    if week.cumple:
        line.append("✓ cumple", style="bold green")
    else:
        line.append("✗ no cumple", style="bold red")
    line.append(" (L1)")
    return line


def week_text(weeks: list[WeekCompliance]) -> Text:
    """One compliance line per active buzón."""
    return Text("\n").join(compliance_line(w) for w in weeks) if weeks else Text("No hay buzones activos.")


def ack_line(action: PendingAction, today: date) -> Text:
    """«▲ URGENTE UMF-P-2026-000042  ⏰ vencido 2 d.h.», one pending L1 notice."""
    line = Text(no_wrap=True, overflow="ellipsis")
    if action.urgente:
        line.append("▲ URGENTE", style=URGENT_STYLE)
        line.append(" ")
    line.append(f"{action.folio}  ")
    line.append_text(situation(action, today))
    return line


def counter_text(captured: int, declared: int | None) -> Text:
    """«Hoja 2 de 3 declaradas · 1 capturada», «3 de 3 hojas capturadas ✓ completa», or a warning past the count."""
    if declared is None:
        return Text("Primero registre la recolección.", style="italic")
    if captured < declared:
        text = Text(f"Hoja {captured + 1} de {declared} declaradas", style="bold")
        text.append(f" · {captured} {'capturada' if captured == 1 else 'capturadas'}")
        return text
    text = Text(f"{captured} de {declared} hojas capturadas ", style="bold")
    if captured == declared:
        text.append("✓ completa", style="bold green")
    else:
        text.append(f"⚠ {captured - declared} más de las declaradas: revise el conteo", style="bold red")
    return text


def contact_problems(telefono: str, correo: str) -> list[str]:
    """What is wrong with the phone and e-mail typed on a sheet (blank is fine), one sentence each."""
    problems = []
    for value, check in ((telefono, normalize_phone), (correo, normalize_email)):
        if value.strip():
            try:
                check(value.strip())
            except ValueError as problem:
                problems.append(str(problem).capitalize())
    return problems


def triage_label(triage: Triage) -> str:
    """«urgencia médica — posible anafilaxia — «labios hinchados»» for the banner and the alert dialog."""
    words = ", ".join(f"«{match}»" for match in triage.matches)
    return f"{triage.heading()} — {words}"
