"""Where telling the petitioner stands (L14): the medios tried, the ones the petitioner's data still allows, and
from which day the answer may go to resguardo."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Notificacion, Peticion, Respuesta
from models.enums import MedioNotificacion, Reloj, ResultadoNotificacion
from services.calendar import BusinessCalendar, local_date
from services.dates import day_text
from services.inhabiles import load_calendar
from services.labels import MEDIO_SHORT, RESULTADO_LABELS
from services.terms import Terms, load_terms

M = MedioNotificacion


def usable_medios(peticion: Peticion) -> tuple[str, ...]:
    """The medios the petitioner's data allows, in the order a desk usually tries them (L14)."""
    medios = []
    if peticion.telefono:
        medios.append(M.TELEFONO.value)
    if peticion.correo:
        medios.append(M.CORREO.value)
    # Post and a visit both need an address one can find: a street and its código postal.
    if peticion.calle and peticion.codigo_postal:
        medios += [M.POSTAL.value, M.PRESENCIAL.value]
    return tuple(medios)


def joined(names: Sequence[str]) -> str:
    """«a», «a o b», «a, b o c»."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} o {names[-1]}"


@dataclass(frozen=True, slots=True)
class NotificationPlan:
    """What was tried, what to try next and whether the answer may go to resguardo today (L14)."""

    intentados: tuple[tuple[str, str, int], ...]
    """Each medio tried without reaching the petitioner: its code, its latest result and how many times."""
    siguientes: tuple[str, ...]
    """Medios the data allows that were not tried yet."""
    medios: tuple[str, ...]
    """Every medio the data allows; none means there is no data to deliver the answer."""
    notificado: bool
    resguardo_vence: date | None
    """The last of the business days after the answer's emission within which the petitioner is sought."""
    resguardo_desde: date | None
    """The first day the answer may go to resguardo; None without a signed answer."""
    dias_resguardo: int
    resguardo_negado: str | None
    """Why resguardo is refused today (with the day it becomes possible), or None when it may be recorded."""

    @property
    def sin_datos(self) -> bool:
        """No telephone, e-mail nor address: L14 sends the answer to resguardo at once."""
        return not self.medios

    def summary(self) -> str:
        """«Intentado: teléfono (no localizado). Siguiente: correo electrónico o correo postal. …», for the panel."""
        if self.notificado:
            return ""
        if self.sin_datos:
            return ("Sin teléfono, correo ni domicilio para localizar al peticionario: la respuesta puede ponerse en "
                    "resguardo desde ahora (L14).")
        parts = []
        if self.intentados:
            tried = [f"{MEDIO_SHORT.get(medio, medio)} ({RESULTADO_LABELS.get(result, result).lower()}"
                     + (f", {times} intentos)" if times > 1 else ")") for medio, result, times in self.intentados]
            parts.append(f"Intentado: {', '.join(tried)}.")
        else:
            parts.append("Aún sin intentos de notificación.")
        if self.siguientes:
            parts.append(f"Siguiente: {joined([MEDIO_SHORT.get(m, m) for m in self.siguientes])}.")
        else:
            parts.append("Ya se intentaron todos los medios que permiten los datos del peticionario.")
        if self.resguardo_desde is not None:
            parts.append(f"Si no se le localiza, resguardo desde el {day_text(self.resguardo_desde)} "
                         f"({self.dias_resguardo} días hábiles después de la emisión de la respuesta, L14).")
        return " ".join(parts)


def plan(
    *, peticion: Peticion, attempts: Iterable[Notificacion], emitida_en: datetime | None, today: date,
    calendar: BusinessCalendar, terms: Terms,
) -> NotificationPlan:
    """The plan of a petition whose answer was emitted (signed) at emitida_en, as it stands today."""
    medios = usable_medios(peticion)
    tried: dict[str, tuple[str, int]] = {}
    notificado = False
    for attempt in attempts:
        if attempt.resultado == ResultadoNotificacion.NOTIFICADO:
            notificado = True
            continue
        _, times = tried.get(attempt.medio, ("", 0))
        tried[attempt.medio] = (attempt.resultado, times + 1)
    dias = terms.days(peticion.tipo, Reloj.RESGUARDO)
    vence = desde = None
    if emitida_en is not None:
        emitted = local_date(emitida_en)
        vence = calendar.due_on(emitted, dias)
        # L14: «transcurrido un periodo de 10 días posteriores a la emisión», or at once without data to deliver it.
        desde = calendar.effective_day(emitted) if not medios else calendar.next_business_day(vence)
    negado = _resguardo_refusal(medios, bool(tried), desde, dias, calendar.effective_day(today))
    return NotificationPlan(
        intentados=tuple((medio, result, times) for medio, (result, times) in tried.items()),
        siguientes=tuple(m for m in medios if m not in tried), medios=medios, notificado=notificado,
        resguardo_vence=vence, resguardo_desde=desde, dias_resguardo=dias, resguardo_negado=negado,
    )


def _resguardo_refusal(medios: tuple[str, ...], tried: bool, desde: date | None, dias: int, today: date) -> str | None:
    if desde is None:
        return "No hay una respuesta firmada que resguardar (L13, L14)."
    if not medios:
        return None
    if not tried:
        return "Antes del resguardo registre al menos un intento de notificación sin éxito (L14)."
    if today < desde:
        return (f"El resguardo procede a partir del {day_text(desde)}: {dias} días hábiles después de la emisión "
                "de la respuesta sin localizar al peticionario (L14).")
    return None


def load_plans(session: Session, peticion_ids: Sequence[int], *, today: date,
               calendar: BusinessCalendar | None = None, terms: Terms | None = None) -> dict[int, NotificationPlan]:
    """The plan of each petition, read in three queries (its row, its signed answers, its attempts)."""
    if not peticion_ids:
        return {}
    calendar = calendar or load_calendar(session)
    terms = terms or load_terms(session)
    rows = session.execute(select(Peticion).where(col(Peticion.id).in_(peticion_ids))).scalars().all()
    emitted: dict[int, datetime] = {}
    for peticion_id, firmada_en in session.execute(
            select(col(Respuesta.peticion_id), col(Respuesta.firmada_en))
            .where(col(Respuesta.peticion_id).in_(peticion_ids), col(Respuesta.firmada_en).is_not(None))
            .order_by(col(Respuesta.id))):
        if firmada_en is not None:
            emitted[peticion_id] = firmada_en
    attempts: dict[int, list[Notificacion]] = {}
    for attempt in session.execute(select(Notificacion).where(col(Notificacion.peticion_id).in_(peticion_ids))
                                   .order_by(col(Notificacion.id))).scalars():
        attempts.setdefault(attempt.peticion_id, []).append(attempt)
    return {p.id: plan(peticion=p, attempts=attempts.get(p.id, []), emitida_en=emitted.get(p.id), today=today,
                       calendar=calendar, terms=terms) for p in rows}
