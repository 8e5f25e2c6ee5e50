"""One demo petition's simulated life, step by step on business days, written as rows of every table it touches."""

import bisect
import json
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from models import Area, Peticion, Usuario
from models.enums import Canal, Estado, Reloj, Tipo
from services.calendar import BusinessCalendar, local_date
from services.notification_plan import usable_medios

if TYPE_CHECKING:
    from services.demo.generator import Generator


class BusinessDays:
    """Business days of the demo window as a sorted list, so term arithmetic is a list index."""

    def __init__(self, calendar: BusinessCalendar, start: date, end: date):
        self.days = []
        day = start
        while day <= end:
            if calendar.is_business_day(day):
                self.days.append(day)
            day += timedelta(days=1)

    def index(self, day: date) -> int:
        """Index of the day an act on `day` counts as done (the next business day if needed)."""
        return bisect.bisect_left(self.days, day)

    def at(self, index: int) -> date:
        """The business day at index (clamped to the window)."""
        return self.days[min(index, len(self.days) - 1)]

    def open_on_or_before(self, day: date) -> date:
        """The day itself when it is a business day, otherwise the business day before it (clamped to the window)."""
        index = self.index(day)
        if index < len(self.days) and self.days[index] == day:
            return day
        return self.days[max(index - 1, 0)]


@lru_cache(maxsize=64)
def _json_of(items: tuple) -> str:
    return json.dumps(dict(items), ensure_ascii=False, sort_keys=True)


def _json(detail: dict) -> str:
    """Event detail as JSON, cached: the demo repeats the same few details millions of times."""
    return _json_of(tuple(sorted(detail.items())))


_NOTE_ORIENTATION = _json({"nota": "Se orientó al derechohabiente en el módulo."})
_NOT_LOCATED = _json({"motivo": "no localizado"})
_NO_DATA = _json({"motivo": "sin datos para la entrega"})


class Timeline:
    """One petition's simulated life: each step happens on a business day, and stops at today."""

    def __init__(self, gen: "Generator", row: dict, tables: dict):
        self.gen, self.row, self.tables = gen, row, tables
        self.rng, self.days = gen.rng, gen.days
        self.state = Estado.REGISTRADA
        self.canalizacion_id: int | None = None
        self.answer: dict = {}
        self.last = row["recibida_en"]

    def _when(self, index: int) -> datetime:
        """A moment of that day's office hours, after this petition's previous step and never after now."""
        moment = max(self.gen.office_moment(self.days.at(index)), self.last + timedelta(minutes=1))
        self.last = min(moment, self.gen.now)
        return self.last

    def _event(self, accion: str, index_or_moment, to: Estado | None, detalle: str = "{}", by: Usuario | None = None) -> None:
        """Append the step's event, by the officer unless someone else (the director who signs) took it."""
        when = index_or_moment if isinstance(index_or_moment, datetime) else self._when(index_or_moment)
        before = None if accion == "registrar" else self.state.value
        if to is not None:
            self.state = to
        self.tables["evento"].append(dict(
            id=self.gen.new_id("evento"), unidad_id=self.row["unidad_id"], peticion_id=self.row["id"],
            usuario_id=by.id if by else self.row["creada_por"], actor=by.nombre if by else "Oficial de Módulo Demo",
            ocurrido_en=when, accion=accion, estado_anterior=before, estado_nuevo=self.state.value, detalle=detalle))

    def _step_event(self, accion: str, day: int, moment: datetime, to: Estado | None, detalle: str = "{}") -> None:
        """The event of a step at the moment of the step's own row, as the desk writes both: the expediente shows them
        side by side. The event's own draw is still taken, so that each seed gives the demo it always gave."""
        self._when(day)
        self._event(accion, moment, to, detalle)

    def _clock(self, reloj: Reloj | None, start: int | None = None) -> None:
        if reloj is None or start is None:
            self.row.update(reloj=None, reloj_desde=None, reloj_dias=None, vence_en=None)
            return
        dias = self.gen.terms.days(self.row["tipo"], reloj)
        self.row.update(reloj=reloj.value, reloj_desde=self.days.at(start), reloj_dias=dias,
                        vence_en=self.days.at(start + dias))

    def run(self) -> None:
        row, rng, today = self.row, self.rng, self.gen.today_index
        start = self.days.index(row["recibida_en"].date())
        row.update(estado=Estado.REGISTRADA.value, area_id=None, acuse_vence_en=None, acuse_buzon_en=None,
                   buzon_id=None, satisfaccion=None, concluida_en=None)
        self._event("registrar", row["recibida_en"], Estado.REGISTRADA)
        self._clock(Reloj.CANALIZACION, start)
        if row["canal"] == Canal.BUZON:
            row["buzon_id"] = rng.choice(self.gen.catalog.buzones).id
            if not row["anonima"]:
                due = start + self.gen.terms.days(row["tipo"], Reloj.ACUSE_BUZON)
                told = start + rng.randint(0, 3)
                if told <= today:
                    # The acuse is an act of its own: the steps that follow are not pushed after it.
                    row["acuse_buzon_en"], self.last = self._when(told), row["recibida_en"]
                else:
                    row["acuse_vence_en"] = self.days.at(due)
        if row["tipo"] == Tipo.ORIENTACION and rng.random() < 0.7:
            self._finish_orientation(start)
        else:
            self._follow(start, today)
        row["estado"] = self.state.value

    def _finish_orientation(self, start: int) -> None:
        self._event("concluir_orientacion", self.row["recibida_en"], Estado.CONCLUIDA, _NOTE_ORIENTATION)
        self.row["concluida_en"] = self.row["recibida_en"]
        self._clock(None)

    def _follow(self, start: int, today: int) -> None:
        rng = self.rng
        routed = start + rng.choice((0, 0, 0, 1, 1, 2))
        if routed > today:
            return
        area = rng.choice(self.gen.catalog.areas)
        self._route(routed, area)
        answer_after = rng.choices((rng.randint(1, 3), rng.randint(4, 6), rng.randint(7, 8), rng.randint(9, 12),
                                    rng.randint(13, 30)), weights=(60, 20, 8, 7, 5))[0]
        lag = rng.choice((1, 1, 1, 2, 3))
        step_day = routed
        for step, reloj in (("recordatorio_1", Reloj.RECORDATORIO_1), ("recordatorio_2", Reloj.RECORDATORIO_2),
                            ("oficio_superior", Reloj.OFICIO_SUPERIOR)):
            due = step_day + self.gen.terms.days(self.row["tipo"], Reloj(self.row["reloj"]))
            send = due + lag
            if send >= routed + answer_after or send > today:
                break
            self._remind(step, reloj, send)
            step_day = send
        answered = routed + answer_after
        if answered > today:
            return
        self._answer(answered, area)
        signed = answered + rng.choice((0, 0, 1))
        if signed > today:
            return
        self._notify(self._sign(signed), today)

    def _route(self, day: int, area: Area) -> None:
        self.canalizacion_id = self.gen.new_id("canalizacion")
        terms = self.gen.terms
        moment = self._when(day)
        self.tables["canalizacion"].append(dict(
            id=self.canalizacion_id, peticion_id=self.row["id"], area_id=area.id, canalizada_en=moment,
            vence_seguimiento=self.days.at(day + terms.days(self.row["tipo"], Reloj.SEGUIMIENTO)),
            vence_declinacion=self.days.at(day + terms.days(self.row["tipo"], Reloj.DECLINACION)),
            usuario_id=self.row["creada_por"], activa=True))
        self.row["area_id"] = area.id
        self._clock(Reloj.SEGUIMIENTO, day)
        self._area_stage(Estado.CANALIZADA.value)
        self._step_event("canalizar", day, moment, Estado.CANALIZADA, _json({"area": area.nombre}))

    def _area_stage(self, etapa: str) -> None:
        """The routing in force stands where the petition does (one área per demo petition), with its clock."""
        routing = self.tables["canalizacion"][-1]
        answered = etapa == Estado.RESPONDIDA.value
        routing.update(etapa=etapa, **{name: None if answered else self.row[name]
                                       for name in ("reloj", "reloj_desde", "reloj_dias", "vence_en")})

    def _remind(self, step: str, reloj: Reloj, day: int) -> None:
        self._clock(reloj, day)
        self._area_stage(step)
        moment = self._when(day)
        self.tables["recordatorio"].append(dict(
            id=self.gen.new_id("recordatorio"), peticion_id=self.row["id"],
            canalizacion_id=self.canalizacion_id, tipo=step, numero="",
            enviado_en=moment, vence_en=self.row["vence_en"], usuario_id=self.row["creada_por"]))
        self._step_event(step, day, moment, Estado(step))

    def _answer(self, day: int, area: Area) -> None:
        # Five texts per tipo, so the draw takes as much of the stream as the single list of five it replaced.
        texts, tipo = self.gen.texts["textos"], self.row["tipo"]
        texto = self.rng.choice(texts["respuestas"][tipo])
        moment = self._when(day)
        self.answer = dict(
            id=self.gen.new_id("respuesta"), peticion_id=self.row["id"], area_id=area.id,
            texto=texto, solucion=texts["soluciones"][tipo],
            recibida_en=moment, lenguaje_claro=True, fundamentada=True, congruente=True, datos_firmante=True,
            firmante_nombre=area.enlace_nombre, firmante_cargo=f"Enlace de {area.nombre}",
            firmante_telefono=area.enlace_telefono, firmada_por=None, firmada_en=None, usuario_id=self.row["creada_por"])
        self.tables["respuesta"].append(self.answer)
        self._clock(Reloj.NOTIFICACION, day)
        self._area_stage(Estado.RESPONDIDA.value)
        self._step_event("respuesta", day, moment, Estado.RESPONDIDA)

    def _sign(self, day: int) -> int:
        """The director signs (L13): the answer carries the moment and the signer of the signing event; the index of
        the day it was signed on, which L14 counts from (later than `day` when earlier steps ran late)."""
        director = self.gen.catalog.director
        moment = self._when(day)
        self.answer.update(firmada_por=director.id, firmada_en=moment)
        self._event("firmar", moment, Estado.FIRMADA, _json({"firmada_por": director.nombre}), by=director)
        return self.days.index(local_date(moment.replace(tzinfo=UTC)))

    def _notify(self, signed: int, today: int) -> None:
        """Tell the petitioner by a medio their data allows (L14); without data, or not located within the term, the
        answer waits in resguardo, and stays there: concluding from it needs a constancia the demo does not produce."""
        rng = self.rng
        medios = usable_medios(cast(Peticion, SimpleNamespace(
            telefono=self.row["telefono"], correo=self.row["correo"], calle=self.row["calle"],
            codigo_postal=self.row["codigo_postal"])))
        tried = signed + rng.choice((0, 1, 1, 2, 3))
        if tried > today:
            return
        if not medios:
            self._clock(None)
            self._event("resguardo", tried, Estado.EN_RESGUARDO, _NO_DATA)
            return
        located = rng.random() < 0.93
        attempted = self._attempt(tried, medios[0], "notificado" if located else "no_localizado")
        if not located:
            self._clock(Reloj.RESGUARDO, signed)
            # L14: the first day after the term counted from the answer's emission (services.notification_plan.plan).
            kept = signed + self.gen.terms.days(self.row["tipo"], Reloj.RESGUARDO) + 1
            if kept <= today:
                self._event("resguardo", kept, Estado.EN_RESGUARDO, _NOT_LOCATED)
                self._clock(None)
            return
        self.row["satisfaccion"] = rng.choice((None, 3, 4, 4, 5, 5))
        self._step_event("notificar", tried, attempted, Estado.NOTIFICADA, _json({"medio": medios[0], "resultado": "notificado"}))
        self._clock(None)
        closed = tried + rng.randint(0, 5)
        if closed > today:
            return
        self.row["concluida_en"] = self._when(closed)
        self._step_event("concluir", closed, self.row["concluida_en"], Estado.CONCLUIDA)

    def _attempt(self, day: int, medio: str, result: str) -> datetime:
        """Record one notification attempt; its moment, which a successful one's event shares."""
        moment = self._when(day)
        self.tables["notificacion"].append(dict(
            id=self.gen.new_id("notificacion"), peticion_id=self.row["id"], medio=medio,
            intentada_en=moment, resultado=result, detalle="", recibe_nombre="", identificacion_tipo="",
            identificacion_numero="", tercero=False, carta_poder=False,
            acuse_firmado=result == "notificado" and self.row["canal"] == Canal.PRESIDENCIA,
            usuario_id=self.row["creada_por"]))
        if result != "notificado":
            self._step_event("notificar", day, moment, None, _json({"medio": medio, "resultado": result}))
        return moment
