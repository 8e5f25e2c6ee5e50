"""What F4, the home screen and the header open on: each kind's counts and first rows, read by short index ranges."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func, literal, or_, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter
from sqlmodel import col

from models import AccionPendiente
from services import sad_measures
from services.calendar import BusinessCalendar
from services.pending import (
    STORED_PAIRS,
    TODAY,
    UNIT,
    PendingAction,
    dated_unstored,
    kind_rows,
    stored_actions,
    unstored_actions,
)
from services.pending_labels import ACTION_ORDER

_ORDER = {name: index for index, name in enumerate(ACTION_ORDER)}
# Rows of one kind shown at first and added by each «más»: more than a screen, few enough to read in milliseconds.
PAGE = 50
_OFFSET: BindParameter[int] = bindparam("desde_fila")
_LIMIT: BindParameter[int] = bindparam("filas")


@dataclass(frozen=True, slots=True)
class KindCount:
    """How many actions of one kind are pending, and how many of them are urgent, overdue or due today."""

    total: int = 0
    urgent: int = 0
    overdue: int = 0
    due_today: int = 0

    def plus(self, other: "KindCount") -> "KindCount":
        """The sum of two counts."""
        return KindCount(self.total + other.total, self.urgent + other.urgent, self.overdue + other.overdue,
                         self.due_today + other.due_today)


@dataclass(frozen=True)
class PendingView:
    """Every kind's counts (in F4's order) and the first rows of each kind, most pressing first."""

    counts: dict[str, KindCount]
    actions: list[PendingAction]

    def total(self) -> KindCount:
        """The counts of all kinds together."""
        return total_of(self.counts)

    def by_kind(self) -> dict[str, list[PendingAction]]:
        """The rows read, grouped by kind in F4's order."""
        return by_kind(self.counts, self.actions)


def total_of(counts: dict[str, KindCount]) -> KindCount:
    """The counts of all kinds together."""
    whole = KindCount()
    for count in counts.values():
        whole = whole.plus(count)
    return whole


def by_kind(counts: dict[str, KindCount], actions: list[PendingAction]) -> dict[str, list[PendingAction]]:
    """The rows read, grouped by kind in the order of counts (F4's), every counted kind present even with no row."""
    groups: dict[str, list[PendingAction]] = {accion: [] for accion in counts}
    for action in actions:
        groups[action.accion].append(action)
    return groups


def pending_view(session: Session, *, unidad_id: int, today: date, calendar: BusinessCalendar,
                 per_kind: int = PAGE) -> PendingView:
    """The counts of every kind and up to per_kind rows of each: one read of the counts, one of the first rows."""
    counts = stored_counts(session, unidad_id, today)
    actions = _first_rows(session, unidad_id, today, calendar, counts, per_kind)
    others = unstored_actions(session, unidad_id=unidad_id, today=today, calendar=calendar)
    for action in others:
        counts[action.accion] = counts.get(action.accion, KindCount()).plus(_count_of(action, today))
    # Kinds not kept in the table are few (buzones, mail, measures, reports): all of them are shown.
    others.sort(key=_pressing)
    ordered = {accion: counts[accion] for accion in sorted(counts, key=_ORDER.__getitem__)}
    return PendingView(ordered, actions + others)


def overdue_count(session: Session, *, unidad_id: int, today: date, calendar: BusinessCalendar) -> int:
    """How many of the unit's pending actions are overdue: the header's figure, equal to F4's."""
    stored = sum(count.overdue for count in stored_counts(session, unidad_id, today).values())
    others = dated_unstored(session, unidad_id, today, calendar)
    measures = sad_measures.overdue_count(session, unidad_id=unidad_id, today=today)
    return stored + measures + sum(action.vencido(today) for action in others)


def more_of_kind(session: Session, *, unidad_id: int, today: date, calendar: BusinessCalendar, accion: str, offset: int,
                 urgent_listed: int, limit: int = PAGE) -> list[PendingAction]:
    """Rows offset to offset+limit of one stored kind, urgent first, then by due date and folio; urgent_listed is the
    kind's urgent count the caller read with the first page."""
    values = {"unidad": unidad_id, "hoy": today, "accion": accion, "desde_fila": offset, "filas": limit}
    urgent = stored_actions(session, _URGENT_PAGE, today, calendar, values=values)
    if len(urgent) == limit:
        return urgent
    # Urgent rows read here end the urgent part exactly; none read means it ended at or before the offset, where the
    # count already held says (capped at the offset, should it be stale): no second read of the counts.
    urgent_total = offset + len(urgent) if urgent or not offset else min(urgent_listed, offset)
    rest = {**values, "desde_fila": max(0, offset - urgent_total), "filas": limit - len(urgent)}
    return urgent + stored_actions(session, _REST_PAGE, today, calendar, values=rest)


def _kind_counts(accion: str, urgent: bool):
    """How many of one kind and urgency are listed, overdue and due later: one range of the counting index."""
    return select(literal(accion), literal(urgent), func.count(),
                  func.count().filter(col(AccionPendiente.vence_en) < TODAY),
                  func.count().filter(col(AccionPendiente.vence_en) > TODAY)).where(
        col(AccionPendiente.unidad_id) == UNIT, col(AccionPendiente.accion) == accion,
        col(AccionPendiente.urgente) == urgent, col(AccionPendiente.desde) <= TODAY,
        or_(col(AccionPendiente.hasta).is_(None), col(AccionPendiente.hasta) > TODAY))


# Built once: each is one statement whatever the unit or day, so SQLAlchemy compiles it once per process.
_COUNTS = union_all(*(_kind_counts(accion, urgent) for accion, urgent in STORED_PAIRS))
# Each kind and urgency's first rows, limited to the rows it has listed today: a LIMIT above that would walk on
# through the rows listed from a later day (most of notificar's, canalizar's) only to find none.
_FIRST_ROWS = union_all(*(select(*kind_rows(*pair).limit(bindparam(f"filas_{index}")).subquery().c)
                           for index, pair in enumerate(STORED_PAIRS)))
_URGENT_PAGE = kind_rows(bindparam("accion"), True).offset(_OFFSET).limit(_LIMIT)
_REST_PAGE = kind_rows(bindparam("accion"), False).offset(_OFFSET).limit(_LIMIT)


def stored_counts(session: Session, unidad_id: int, today: date) -> dict[str, KindCount]:
    """Counts per kind of the stored actions listed today, one short range of the counting index per kind and urgency."""
    counts: dict[str, KindCount] = {}
    for accion, urgent, number, late, later in session.connection().execute(_COUNTS, {"unidad": unidad_id, "hoy": today}):
        if number:
            # The rest are due today, the L3 contact follow-up among them: it has no due date and is due every day.
            counts[accion] = counts.get(accion, KindCount()).plus(
                KindCount(number, number if urgent else 0, late, number - late - later))
    return counts


def _first_rows(session, unidad_id, today, calendar, counts: dict[str, KindCount], per_kind: int) -> list[PendingAction]:
    """The first per_kind rows of every stored kind, urgent ones first, read as one UNION ALL of short index ranges."""
    if not counts:
        return []
    values: dict[str, object] = {"unidad": unidad_id, "hoy": today}
    for index, (accion, urgent) in enumerate(STORED_PAIRS):
        count = counts.get(accion, KindCount())
        # Urgent rows come first, so the others fill what the urgent ones leave of the kind's page; a part of no
        # rows stays in the statement with LIMIT 0, and the statement stays the one built once.
        urgent_rows = min(per_kind, count.urgent)
        values[f"filas_{index}"] = urgent_rows if urgent else min(per_kind - urgent_rows, count.total - count.urgent)
    actions = stored_actions(session, _FIRST_ROWS, today, calendar, values=values)
    # Each part comes in its index order; a stable sort puts the parts in F4's order and keeps that order within.
    actions.sort(key=lambda action: (_ORDER[action.accion], not action.urgente))
    return actions


def _count_of(action: PendingAction, today: date) -> KindCount:
    return KindCount(1, int(action.urgente), int(action.vencido(today)), int(action.vence_en == today))


def _pressing(action: PendingAction) -> tuple:
    return not action.urgente, action.vence_en, action.folio or ""
