"""The demo's petition generator: tipo, medio, text, person and triage of each petition, then its timeline."""

import random
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from models.enums import Canal, Tipo
from services import l3
from services.bulk_rows import naive_utc
from services.calendar import MEXICO_CITY, now_utc
from services.demo.catalog import OLDEST_DAYS, Catalog, demo_texts
from services.demo.people import person
from services.demo.timeline import BusinessDays, Timeline

_TIPO_WEIGHTS = ((Tipo.INCONFORMIDAD, 55), (Tipo.SOLICITUD_SERVICIO, 15), (Tipo.ORIENTACION, 12),
                 (Tipo.RECONOCIMIENTO, 10), (Tipo.SUGERENCIA, 8))
_CANAL_WEIGHTS = ((Canal.MODULO, 45), (Canal.BUZON, 20), (Canal.TELEFONO, 12), (Canal.CORREO, 8),
                  (Canal.FACEBOOK, 5), (Canal.TWITTER, 2), (Canal.PRESIDENCIA, 4), (Canal.GOBMX, 4))


_L3_FIELDS = tuple(dict.fromkeys((*l3.NAME_FIELDS, *l3.CONTACT_FIELDS, *l3.REQUIRED_FOR_COMPLETE)))


@lru_cache(maxsize=4096)
def _incomplete(given: tuple[bool, ...], tipo: str, description: str, servant: str, anonima: bool) -> bool:
    """l3.assess of a demo petition, which reads only which fields are filled: the demo's few texts repeat endlessly."""
    values = {name: "x" if filled else "" for name, filled in zip(_L3_FIELDS, given)}
    return l3.assess(values, tipo=tipo, descripcion=description, servidor_publico=servant, anonima=anonima).datos_incompletos


_AT_THE_DESK = frozenset({Canal.MODULO, Canal.TELEFONO})


class Generator:
    """Simulates each petition's timeline up to today, yielding consistent rows for every table."""

    def __init__(self, rng: random.Random, catalog: Catalog, days: BusinessDays, terms, today: date):
        self.rng, self.catalog, self.days, self.terms, self.today = rng, catalog, days, terms, today
        self.texts = demo_texts()
        self.tipos = [t for t, w in _TIPO_WEIGHTS for _ in range(w)]
        self.canales = [c for c, w in _CANAL_WEIGHTS for _ in range(w)]
        # The last business day up to today: on a weekend the desk's latest acts are Friday's, not «now» on Sunday.
        self.today_index = days.index(days.open_on_or_before(today))
        self.next_ids: dict[str, int] = {}
        self._midnights: dict[date, datetime] = {}
        self.now = naive_utc(now_utc())

    def petitions(self, size: int) -> list[dict]:
        """Generate `size` petition rows (folio and id are assigned by the caller)."""
        return [self._petition() for _ in range(size)]

    def office_moment(self, day: date) -> datetime:
        """A random moment of office hours on day, as naive UTC."""
        midnight = self._midnights.get(day)
        if midnight is None:
            midnight = self._midnights[day] = naive_utc(datetime.combine(day, time(), MEXICO_CITY))
        return midnight + timedelta(minutes=480 + int(self.rng.random() * 420))

    def _petition(self) -> dict:
        rng, texts = self.rng, self.texts
        age = int(rng.triangular(0, OLDEST_DAYS, 0))
        day = self.today - timedelta(days=age)
        recibida = self.office_moment(day)
        if recibida > self.now:
            # Today's office hours are not over yet: nobody can have received this one, so it came yesterday.
            day, recibida = day - timedelta(days=1), recibida - timedelta(days=1)
        tipo = rng.choice(self.tipos)
        canal = rng.choice(self.canales)
        if canal in _AT_THE_DESK:
            # The desk and its phone are closed on weekends and días inhábiles: such a petition came the day before.
            back = day - self.days.open_on_or_before(day)
            day, recibida = day - back, recibida - back
        urgent = rng.random() < 0.01
        description = rng.choice(texts["textos"]["urgentes" if urgent else tipo.value])
        row = dict(unidad_id=self.catalog.unidad.id, anio=day.year, tipo=tipo.value, canal=canal.value,
                   recibida_en=recibida, descripcion=description, creada_en=recibida,
                   creada_por=self.catalog.oficial.id if self.catalog.oficial else None,
                   id_externo=None, sinapp_folio=None, sinapp_cerrada_en=None, sidac_folio=None)
        row.update(person(rng, texts, canal))
        # The same L3 reading as intake, so an inconformidad about an unnamed doctor is incomplete here too.
        row["datos_incompletos"] = _incomplete(tuple(bool(row[name].strip()) for name in _L3_FIELDS), row["tipo"], description,
                                               row["servidor_publico"], row["anonima"])
        row.update(self._triage(description))
        return row

    @staticmethod
    @lru_cache(maxsize=256)
    def _triage_of(description: str) -> tuple:
        from services.triage import assess

        result = assess(description)
        return result.urgent, result.category, " | ".join(result.matches)

    def _triage(self, description: str) -> dict:
        urgent, category, matches = self._triage_of(description)
        return dict(urgente=urgent, triage_categoria=category, triage_coincidencias=matches,
                    urgencia_alertado_a="Jefatura de urgencias" if urgent else "", urgencia_alertado_en=None)

    def new_id(self, table: str) -> int:
        """The next provisional id of a table in this chunk (rebased when the chunk is stored)."""
        value = self.next_ids.get(table, 1)
        self.next_ids[table] = value + 1
        return value

    def related(self, petitions: list[dict]) -> dict[str, list[dict]]:
        """Advance each petition through its simulated timeline and return the rows of the other tables."""
        tables: dict[str, list[dict]] = {t: [] for t in ("canalizacion", "recordatorio", "respuesta", "notificacion", "evento")}
        for row in petitions:
            Timeline(self, row, tables).run()
        return tables
