"""The F4 list's data and lines: what is pending with the áreas and buzones it names, and each row in columns."""

from dataclasses import dataclass, field
from datetime import date

from rich.text import Text
from sqlalchemy.orm import Session

from services.catalogs.areas import list_areas
from services.dates import day_text, weekday_day
from services.inhabiles import load_calendar
from services.l3 import MAX_CONTACT_ATTEMPTS
from services.pending import PendingAction
from services.pending_labels import GROUP_TITLES, count_text, summary_key
from services.pending_view import PAGE, KindCount, more_of_kind, pending_view, total_of
from services.terms import BUZON_COLLECTIONS_PER_WEEK

# Readable on the dark background and on the highlighted (blue) row alike; the symbol and word carry the meaning.
URGENT_STYLE = "bold white on red"
OVERDUE_STYLE = "bold dark_orange"
SUBJECT_WIDTH = 20  # a folio, «Buzón B-02 · 1 de 2» or «Anexo 1 11/2026»
SITUATION_WIDTH = 18  # «⏰ vencido 99 d.h.» (⏰ takes two cells); the due date has its own column
# Everything on a row but the área: the list's padding and scrollbar, urgency, subject, due date, situation and gaps.
FIXED_WIDTH = 3 + 10 + SUBJECT_WIDTH + 1 + 1 + 11 + SITUATION_WIDTH


@dataclass(frozen=True)
class EscalationData:
    """The pending actions read so far, every kind's counts, and the áreas the rows and dialogs name."""

    actions: list[PendingAction]
    areas: dict
    counts: dict[str, KindCount] = field(default_factory=dict)

    def with_more(self, accion: str, more: list[PendingAction]) -> "EscalationData":
        """The same data with more rows of one kind, placed after the rows of that kind already read."""
        last = max((index for index, action in enumerate(self.actions) if action.accion == accion), default=-1)
        actions = [*self.actions[:last + 1], *more, *self.actions[last + 1:]]
        return EscalationData(actions, self.areas, self.counts)


def load_pending(*, session: Session, unidad_id: int, today: date, per_kind: int = PAGE) -> EscalationData:
    """The counts and first rows of every kind and the áreas, read in one session."""
    view = pending_view(session, unidad_id=unidad_id, today=today, calendar=load_calendar(session), per_kind=per_kind)
    areas = {area.nombre: area for area in list_areas(session=session, unidad_id=unidad_id, incluir_inactivas=True)}
    return EscalationData(view.actions, areas, view.counts)


def load_more(*, session: Session, unidad_id: int, today: date, accion: str, offset: int, urgent_listed: int,
              limit: int = PAGE) -> list[PendingAction]:
    """The next page of one kind's rows."""
    return more_of_kind(session, unidad_id=unidad_id, today=today, calendar=load_calendar(session), accion=accion,
                        offset=offset, urgent_listed=urgent_listed, limit=limit)


def situation(action: PendingAction, today: date) -> Text:
    """«⏰ vencido 3 d.h.», «⏰ vencido» (over a weekend), «⚠ vence hoy» or «… por vencer», with a symbol.

    Short enough to leave the área its name at 80 columns: the due date is in the column before.
    """
    if action.accion == "recolectar_buzon":
        return Text(f"✗ van {action.detalle.get('recolecciones', 0)} de {BUZON_COLLECTIONS_PER_WEEK}", style="bold")
    if action.accion == "contactar_datos":
        # L3 sets no term: the row says how many of the attempts are spent instead of a due date.
        return Text(f"◐ {action.detalle.get('intentos', 0)} de {MAX_CONTACT_ATTEMPTS} intentos")
    if action.vencido(today):
        return Text(f"⏰ {action.situacion(today)}", style=OVERDUE_STYLE)
    if action.vence_en == today:
        return Text("⚠ vence hoy", style="bold")
    return Text("… por vencer")


def subject_and_place(action: PendingAction, data: EscalationData) -> tuple[str, str]:
    """What the row is about (folio, buzón or report) and where (área, ubicación)."""
    if action.accion == "recolectar_buzon":
        return f"Buzón {action.detalle.get('clave', '')}", action.detalle.get("ubicacion", "")
    if action.accion == "capturar_hojas":
        # «faltan 12 de 12» fits the narrowest área column (16 cells); the group's title says they are sheets.
        missing, declared = action.detalle.get("faltan", 0), action.detalle.get("declaradas", 0)
        return f"Buzón {action.detalle.get('clave', '')}", f"{'falta' if missing == 1 else 'faltan'} {missing} de {declared}"
    if action.accion == "semana_buzon":
        monday = date.fromisoformat(action.detalle.get("lunes", action.vence_en.isoformat()))
        collected = action.detalle.get("recolecciones", 0)
        subject = f"Buzón {action.detalle.get('clave', '')} · {collected} de {BUZON_COLLECTIONS_PER_WEEK}"
        return subject, f"{monday:%d/%m}–{action.vence_en:%d/%m}"
    if action.accion == "informe_mensual":
        return f"Anexo 1 {action.detalle.get('mes', 0):02d}/{action.detalle.get('anio', '')}", "SAD"
    return action.folio or "", action.area or "—"


def area_width(screen_width: int) -> int:
    """The área column takes what the fixed columns leave, between 16 and 34 cells."""
    return max(16, min(34, screen_width - FIXED_WIDTH))


def fitted(value: str, width: int) -> str:
    """The value padded to width, or cut with «…» so a shortened name shows it was shortened."""
    return f"{value[:width - 1]}…" if len(value) > width else f"{value:<{width}}"


def columns_text(width: int) -> Text:
    """The titles of the list's columns."""
    return Text(f"{'Urgencia':<9} {'Folio / asunto':<{SUBJECT_WIDTH}} {'Área / lugar':<{width}} {'Vence':<10} Situación",
                no_wrap=True, overflow="ellipsis")


def row_text(action: PendingAction, data: EscalationData, today: date, width: int = 16) -> Text:
    """One line: urgency, folio or subject, área, due date and situation, in fixed columns."""
    subject, place = subject_and_place(action, data)
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{'▲ URGENTE' if action.urgente else '':<9}", style=URGENT_STYLE if action.urgente else "")
    line.append(" ")
    line.append(f"{fitted(subject, SUBJECT_WIDTH)} ")
    line.append(f"{fitted(place, width)} ")
    line.append(f"{day_text(action.vence_en):<10} ")
    line.append_text(situation(action, today))
    return line


def summary_text(counts: dict[str, KindCount], today: date) -> Text:
    """«12 acciones: ▲ 3 urgentes · ⏰ 5 vencidas · ⚠ 7 vencen hoy», then the count of each kind."""
    text = Text()
    whole = total_of(counts)
    if not whole.total:
        text.append(f"Nada vence hoy ni está vencido ({weekday_day(today)}). ✓", style="bold")
        return text
    urgent, overdue, due_today = whole.urgent, whole.overdue, whole.due_today
    text.append(f"{whole.total:,} {'acción' if whole.total == 1 else 'acciones'}: ", style="bold")
    text.append(f"▲ {urgent:,} {'urgente' if urgent == 1 else 'urgentes'}", style=URGENT_STYLE if urgent else "")
    text.append(f" · ⏰ {overdue:,} {'vencida' if overdue == 1 else 'vencidas'}", style="bold" if overdue else "")
    text.append(f" · ⚠ {due_today:,} {'vence' if due_today == 1 else 'vencen'} hoy")
    later = whole.total - overdue - due_today
    text.append(f" · … {later:,} por vencer\n" if later else "\n")
    kinds: dict[str, int] = {}
    for accion, count in counts.items():
        key = summary_key(accion)
        kinds[key] = kinds.get(key, 0) + count.total
    text.append(" · ".join(count_text(key, count) for key, count in kinds.items()))
    return text


def group_title(accion: str, count: KindCount) -> Text:
    """«Primer recordatorio al área (L6) — 4  ▲ 1 urgente», the heading of one kind's rows."""
    heading = Text(f"{GROUP_TITLES[accion]} — {count.total:,}", style="bold")
    if count.urgent:
        heading.append("  ")
        heading.append(f"▲ {count.urgent:,} {'urgente' if count.urgent == 1 else 'urgentes'}", style=URGENT_STYLE)
    return heading


def more_text(shown: int, total: int, page: int = PAGE) -> Text:
    """The row closing a kind with more rows than shown: how many are left and the key that shows the next page."""
    left = total - shown
    return Text(f"  … {left:,} más de este grupo (se muestran {shown:,}): Enter muestra {min(page, left):,} más",
                style="italic")
