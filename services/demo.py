"""Demo data: catalogs of one unit and N petitions with generated people, spread over the last 12 months."""

import bisect
import json
import multiprocessing
import operator
import os
import random
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from importlib import resources

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from models import Area, Buzon, Evento, ReporteMensual, Unidad, Usuario
from models.enums import Canal, Estado, Reloj, Rol, Tipo
from services import audit
from services.actor import SYSTEM
from services.auth import hash_pin
from services.calendar import MEXICO_CITY, BusinessCalendar, local_date, now_utc
from services.catalogs import create_area, create_buzon, create_unit, create_user
from services.database import write_session
from services.folios import format_folio, format_oficio, take_numbers
from services.inhabiles import load_calendar
from services.pending import previous_month
from services.terms import load_terms, monthly_report_due

DEMO_PIN = "246810"
DEMO_USERS = (
    ("admin", "Administración Demo", Rol.ADMINISTRADOR),
    ("director", "Dra. Directora Demo", Rol.DIRECTOR),
    ("oficial", "Oficial de Módulo Demo", Rol.OFICIAL),
    ("supervisor", "Supervisión Demo", Rol.SUPERVISOR),
)
DEMO_AREAS = (
    "Consulta externa", "Urgencias", "Farmacia", "Laboratorio clínico", "Trabajo social", "Archivo clínico",
    "Prestaciones económicas", "Administración",
)
_TIPO_WEIGHTS = ((Tipo.INCONFORMIDAD, 55), (Tipo.SOLICITUD_SERVICIO, 15), (Tipo.ORIENTACION, 12),
                 (Tipo.RECONOCIMIENTO, 10), (Tipo.SUGERENCIA, 8))
_CANAL_WEIGHTS = ((Canal.MODULO, 45), (Canal.BUZON, 20), (Canal.TELEFONO, 12), (Canal.CORREO, 8),
                  (Canal.FACEBOOK, 5), (Canal.TWITTER, 2), (Canal.PRESIDENCIA, 4), (Canal.GOBMX, 4))
_CHUNK = 20_000
# Petitions are up to a year old; the unit was set up a few days before the oldest.
OLDEST_DAYS = 365
HISTORY_DAYS = OLDEST_DAYS + 5


@dataclass
class Catalog:
    """The demo unit with its áreas, buzones and the user the generated events are attributed to."""

    unidad: Unidad
    areas: list[Area]
    buzones: list[Buzon]
    oficial: Usuario
    director: Usuario


@lru_cache(maxsize=1)
def demo_texts() -> dict:
    """The generated names, places and texts used for demo petitions."""
    return tomllib.loads(resources.files("assets").joinpath("demo_texts.toml").read_text(encoding="utf-8"))


def ensure_catalogs(engine: Engine, today: date | None = None) -> Catalog:
    """Create the demo unit, áreas, buzones and one user per role unless a unit already exists."""
    with write_session(engine) as session:
        unit = session.execute(select(Unidad).order_by(Unidad.id)).scalars().first()
        if unit is None:
            _create_catalogs(session, set_up_day(today or local_date(now_utc())))
            unit = session.execute(select(Unidad).order_by(Unidad.id)).scalars().first()
        areas = list(session.execute(select(Area).where(Area.unidad_id == unit.id).order_by(Area.id)).scalars())
        buzones = list(session.execute(select(Buzon).where(Buzon.unidad_id == unit.id).order_by(Buzon.id)).scalars())
        users = {u.rol: u for u in session.execute(select(Usuario).order_by(Usuario.id)).scalars()}
    return Catalog(unit, areas, buzones, users.get(Rol.OFICIAL), users.get(Rol.DIRECTOR))


def set_up_day(today: date) -> date:
    """The day the demo unit was set up: the start of its simulated history, before its oldest petition."""
    return today - timedelta(days=HISTORY_DAYS)


def _create_catalogs(session, set_up: date) -> None:
    unit = create_unit(
        session=session, actor=SYSTEM, when=datetime.combine(set_up, time(8, 0), MEXICO_CITY), clave="CMF-DEMO", nombre="Clínica de Medicina Familiar Demostración",
        tipo="Clínica de medicina familiar", domicilio="Av. Ermita Iztapalapa 100, Col. Centro, C.P. 09000, Iztapalapa, CDMX",
        director_nombre="Dra. Directora Demo", director_cargo="Directora de la Clínica", director_telefono="5550001234",
    )
    texts = demo_texts()
    for index, name in enumerate(DEMO_AREAS):
        enlace = f"{texts['nombres'][index]} {texts['apellidos'][index]} {texts['apellidos'][index + 10]}"
        superior = f"{texts['nombres'][index + 20]} {texts['apellidos'][index + 20]} {texts['apellidos'][index + 30]}"
        slug = name.split()[0].lower().replace("í", "i").replace("á", "a")
        create_area(session=session, actor=SYSTEM, unidad_id=unit.id, nombre=name, enlace_nombre=enlace,
                    enlace_correo=f"enlace.{slug}@demo.example.mx", enlace_telefono=f"55500{index:02d}100",
                    superior_nombre=superior, superior_cargo=f"Jefe(a) de {name}",
                    superior_correo=f"jefatura.{slug}@demo.example.mx")
    for clave, place in (("B-01", "Sala de espera, planta baja"), ("B-02", "Farmacia"), ("B-03", "Urgencias")):
        create_buzon(session=session, actor=SYSTEM, unidad_id=unit.id, clave=clave, ubicacion=place)
    pin_hash = hash_pin(DEMO_PIN)
    for usuario, nombre, rol in DEMO_USERS:
        create_user(session=session, actor=SYSTEM, unidad_id=unit.id, usuario=usuario, nombre=nombre, rol=rol,
                    pin=DEMO_PIN, pin_hash=pin_hash)


class _Days:
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


PARALLEL_FROM = 100_000


def populate(engine: Engine, *, n: int, today: date, seed: int = 2026, progress=None, processes: int | None = None) -> int:
    """Add n demo petitions with their routing, reminders, answers, notifications and events."""
    catalog = ensure_catalogs(engine, today)
    processes = processes or (min(2, os.cpu_count() or 1) if n >= PARALLEL_FROM else 1)
    if processes == 1:
        made = _populate_part(engine, catalog, n=n, today=today, seed=seed, progress=progress)
    else:
        # Each process generates a chunk while another one writes: generation is Python work and
        # writing is SQLite work, so two processes keep both cores busy. Below PARALLEL_FROM the
        # single process keeps the data reproducible for a given seed.
        url = engine.url.render_as_string(hide_password=False)
        parts = [n // processes + (1 if i < n % processes else 0) for i in range(processes)]
        context = multiprocessing.get_context("spawn")
        with context.Pool(processes) as pool:
            made = sum(pool.starmap(_populate_in_process, [(url, part, today, seed + i) for i, part in enumerate(parts)]))
        if progress:
            progress(made, n)
    _add_collections(engine, catalog, today, random.Random(seed))
    _add_sent_reports(engine, catalog, today)
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA analysis_limit=1000")
            connection.exec_driver_sql("PRAGMA optimize")
    return made


def _populate_in_process(url: str, n: int, today: date, seed: int) -> int:
    from services.database import make_engine

    engine = make_engine(url)
    try:
        return _populate_part(engine, ensure_catalogs(engine, today), n=n, today=today, seed=seed, progress=None)
    finally:
        engine.dispose()


def _populate_part(engine: Engine, catalog: "Catalog", *, n: int, today: date, seed: int, progress) -> int:
    with write_session(engine) as session:
        calendar, terms = load_calendar(session), load_terms(session)
    days = _Days(calendar, today - timedelta(days=400), today + timedelta(days=200))
    generator = _Generator(random.Random(seed), catalog, days, terms, today)
    made = 0
    while made < n:
        size = min(_CHUNK, n - made)
        petitions, tables = _generate_chunk(generator, size)
        with write_session(engine) as session:
            _store_chunk(session, generator, petitions, tables)
        made += size
        if progress:
            progress(made, n)
    return made


def _generate_chunk(generator: "_Generator", size: int) -> tuple[list[dict], dict[str, list[dict]]]:
    """Simulate a chunk of petitions with provisional ids counted from 1, without touching the database."""
    generator.next_ids.clear()
    petitions = generator.petitions(size)
    petitions.sort(key=lambda p: p["recibida_en"])
    for row in petitions:
        row["id"] = generator._id("peticion")
    return petitions, generator.related(petitions)


_STORE_LOCK = 0x4D4F4144  # «MOAD»: the advisory lock that serialises demo chunk writers on PostgreSQL

_REFERENCES = {
    "canalizacion": ("peticion_id",),
    "recordatorio": ("peticion_id", "canalizacion_id"),
    "respuesta": ("peticion_id",),
    "notificacion": ("peticion_id",),
    "evento": ("peticion_id",),
}


def _store_chunk(session, generator: "_Generator", petitions: list[dict], tables: dict[str, list[dict]]) -> None:
    """Under the write lock: turn provisional ids into free ones, number folios and oficios, chain events, insert."""
    if session.connection().dialect.name == "postgresql":
        # SQLite's BEGIN IMMEDIATE serialises the demo's writer processes; PostgreSQL needs the lock taken by hand,
        # or two chunks read the same max(id) and collide.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _STORE_LOCK})
    bases = {t: session.execute(text(f"SELECT coalesce(max(id), 0) FROM {t}")).scalar() for t in ("peticion", *tables)}
    unit = generator.catalog.unidad
    for row in petitions:
        row["id"] += bases["peticion"]
        if row["canal"] in (Canal.PRESIDENCIA, Canal.GOBMX):
            # Derived from the id so that re-running the demo never collides with earlier external numbers.
            row["id_externo"] = f"DEMO-{row['canal'].upper()}-{row['id']:09d}"
    for table, rows in tables.items():
        base, references = bases[table], _REFERENCES[table]
        for row in rows:
            row["id"] += base
            row["peticion_id"] += bases["peticion"]
            if "canalizacion_id" in references:
                row["canalizacion_id"] += bases["canalizacion"]
    for anio in sorted({p["anio"] for p in petitions}):
        of_year = [p for p in petitions if p["anio"] == anio]
        last = take_numbers(session, unidad_id=unit.id, anio=anio, serie="folio", count=len(of_year))
        for offset, row in enumerate(of_year, start=last - len(of_year) + 1):
            row["consecutivo"], row["folio"] = offset, format_folio(unit.clave, anio, offset)
    for event in tables["evento"]:
        if event["accion"] == "registrar":
            event["detalle"] = f'{{"folio": "{petitions[event["peticion_id"] - bases["peticion"] - 1]["folio"]}"}}'
    _number_oficios(session, unit, tables["recordatorio"])
    audit.chain_rows(session, tables["evento"])
    _bulk(session, "peticion", petitions)
    for table, rows in tables.items():
        _bulk(session, table, rows)
    audit.close_chain_rows(session, tables["evento"])


def _number_oficios(session, unit, reminders: list[dict]) -> None:
    for anio in sorted({r["enviado_en"].year for r in reminders}):
        of_year = sorted((r for r in reminders if r["enviado_en"].year == anio), key=lambda r: r["enviado_en"])
        last = take_numbers(session, unidad_id=unit.id, anio=anio, serie="oficio", count=len(of_year))
        for number, reminder in enumerate(of_year, start=last - len(of_year) + 1):
            reminder["numero"] = format_oficio(unit.clave, anio, number)


def _bulk(session, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    connection = session.connection()
    marker = "%s" if connection.dialect.name == "postgresql" else "?"
    statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"
    values = operator.itemgetter(*columns)
    connection.exec_driver_sql(statement, [values(row) for row in rows])
    if connection.dialect.name == "postgresql" and "id" in columns:
        connection.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")


def _naive_utc(moment: datetime) -> datetime:
    # Raw executemany bypasses the UTCDateTime type, so demo rows carry what it would store: naive UTC.
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


class _Generator:
    """Simulates each petition's timeline up to today, yielding consistent rows for every table."""

    def __init__(self, rng: random.Random, catalog: Catalog, days: _Days, terms, today: date):
        self.rng, self.catalog, self.days, self.terms, self.today = rng, catalog, days, terms, today
        self.texts = demo_texts()
        self.tipos = [t for t, w in _TIPO_WEIGHTS for _ in range(w)]
        self.canales = [c for c, w in _CANAL_WEIGHTS for _ in range(w)]
        self.today_index = days.index(today)
        self.next_ids: dict[str, int] = {}
        self._midnights: dict[date, datetime] = {}
        self.now = _naive_utc(now_utc())

    def petitions(self, size: int) -> list[dict]:
        """Generate `size` petition rows (folio and id are assigned by the caller)."""
        return [self._petition() for _ in range(size)]

    def _moment(self, day: date) -> datetime:
        """A random moment of office hours on day, as naive UTC."""
        midnight = self._midnights.get(day)
        if midnight is None:
            midnight = self._midnights[day] = _naive_utc(datetime.combine(day, time(), MEXICO_CITY))
        return midnight + timedelta(minutes=480 + int(self.rng.random() * 420))

    def _petition(self) -> dict:
        rng, texts = self.rng, self.texts
        age = int(rng.triangular(0, OLDEST_DAYS, 0))
        day = self.today - timedelta(days=age)
        recibida = self._moment(day)
        if recibida > self.now:
            # Today's office hours are not over yet: nobody can have received this one, so it came yesterday.
            day, recibida = day - timedelta(days=1), recibida - timedelta(days=1)
        tipo = rng.choice(self.tipos)
        canal = rng.choice(self.canales)
        urgent = rng.random() < 0.01
        description = rng.choice(texts["textos"]["urgentes" if urgent else tipo.value])
        row = dict(unidad_id=self.catalog.unidad.id, anio=day.year, tipo=tipo.value, canal=canal.value,
                   recibida_en=recibida, descripcion=description, creada_en=recibida,
                   creada_por=self.catalog.oficial.id if self.catalog.oficial else None,
                   id_externo=None)
        row.update(self._person(canal))
        row.update(self._triage(description))
        return row

    def _person(self, canal: Canal) -> dict:
        rng, texts = self.rng, self.texts
        if canal == Canal.BUZON and rng.random() < 0.3:
            return dict(anonima=True, datos_incompletos=False, aviso_privacidad=False, **_EMPTY_PERSON)
        complete = rng.random() < 0.85
        nombre = rng.choice(texts["nombres"])
        ap1, ap2 = rng.choice(texts["apellidos"]), rng.choice(texts["apellidos"])
        # Drawn in this order so that a seed gives the same people it always gave.
        curp = _curp(rng, nombre, ap1, ap2)
        telefono, correo = f"55{rng.randrange(10**8):08d}", f"persona{rng.randrange(10**6)}@correo.example.mx"
        calle, numero = rng.choice(texts["calles"]), str(rng.randint(1, 999))
        colonia, postal = rng.choice(texts["colonias"]), rng.randint(1000, 16999)
        municipio, entidad, first_postal = rng.choice(texts["municipios"])
        if first_postal:
            postal = first_postal + postal % 1000
        person = dict(
            nombre=nombre, primer_apellido=ap1, segundo_apellido=ap2, curp=curp, telefono=telefono, correo=correo,
            calle=calle, numero_exterior=numero, numero_interior="", colonia=colonia, codigo_postal=f"{postal:05d}",
            municipio=municipio, entidad=entidad,
            servidor_publico=rng.choice(texts["servidores"]) if rng.random() < 0.3 else "",
            anonima=False, datos_incompletos=not complete, aviso_privacidad=True,
        )
        if not complete:
            person.update(correo="", calle="", numero_exterior="", colonia="", codigo_postal="")
        return person

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

    def _id(self, table: str) -> int:
        """The next provisional id of a table in this chunk (rebased when the chunk is stored)."""
        value = self.next_ids.get(table, 1)
        self.next_ids[table] = value + 1
        return value

    def related(self, petitions: list[dict]) -> dict[str, list[dict]]:
        """Advance each petition through its simulated timeline and return the rows of the other tables."""
        tables: dict[str, list[dict]] = {t: [] for t in ("canalizacion", "recordatorio", "respuesta", "notificacion", "evento")}
        for row in petitions:
            _Timeline(self, row, tables).run()
        return tables


_EMPTY_PERSON = dict(nombre="", primer_apellido="", segundo_apellido="", curp="", telefono="", correo="", calle="",
                     numero_exterior="", numero_interior="", colonia="", codigo_postal="", municipio="", entidad="",
                     servidor_publico="")


_INCONVENIENT = frozenset((
    "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO", "CAKA", "COGE", "COJA", "COJE", "COJI", "COJO", "CULO", "FETO",
    "GUEY", "JOTO", "KACA", "KACO", "KAGA", "KAGO", "KOGE", "KOJO", "KAKA", "KULO", "MAME", "MAMO", "MEAR", "MEON",
    "MION", "MOCO", "MULA", "PEDA", "PEDO", "PENE", "PUTA", "PUTO", "QULO", "RATA", "RUIN",
))


@lru_cache(maxsize=None)
def _curp_name_parts(nombre: str, ap1: str, ap2: str) -> tuple[str, str]:
    """The name letters of a CURP (first four, and the three inner consonants), computed once per name."""
    def letters(word: str) -> str:
        return word.upper().translate(str.maketrans("ÁÉÍÓÚÜÑ", "AEIOUUX"))

    def consonant(word: str) -> str:
        return next((c for c in word[1:] if c.isalpha() and c not in "AEIOU"), "X")

    a1, a2, n = letters(ap1), letters(ap2), letters(nombre)
    vowel = next((c for c in a1[1:] if c in "AEIOU"), "X")
    head = f"{a1[0]}{vowel}{a2[0]}{n[0]}"
    if head in _INCONVENIENT:
        head = head[:1] + "X" + head[2:]
    return head, consonant(a1) + consonant(a2) + consonant(n)


def _curp(rng: random.Random, nombre: str, ap1: str, ap2: str) -> str:
    """A valid CURP (format, date, state DF and check digit) for a generated person."""
    from stdnum.mx import curp

    head, inner = _curp_name_parts(nombre, ap1, ap2)
    born = _BIRTH_START + timedelta(days=int(rng.random() * 21900))
    base = f"{head}{born:%y%m%d}{'H' if rng.random() < 0.5 else 'M'}DF{inner}{'0' if born.year < 2000 else 'A'}"
    return base + curp.calc_check_digit(base + "0")


_BIRTH_START = date(1940, 1, 1)


@lru_cache(maxsize=64)
def _json_of(items: tuple) -> str:
    return json.dumps(dict(items), ensure_ascii=False, sort_keys=True)


def _json(detail: dict) -> str:
    """Event detail as JSON, cached: the demo repeats the same few details millions of times."""
    return _json_of(tuple(sorted(detail.items())))


_NOTE_ORIENTATION = _json({"nota": "Se orientó al derechohabiente en el módulo."})
_SIGNED = _json({"firmada_por": "Dra. Directora Demo"})
_NOT_LOCATED = _json({"motivo": "no localizado"})


class _Timeline:
    """One petition's simulated life: each step happens on a business day, and stops at today."""

    def __init__(self, gen: _Generator, row: dict, tables: dict):
        self.gen, self.row, self.tables = gen, row, tables
        self.rng, self.days = gen.rng, gen.days
        self.state = Estado.REGISTRADA
        self.canalizacion_id = None
        self.last = row["recibida_en"]

    def _when(self, index: int) -> datetime:
        """A moment of that day's office hours, after this petition's previous step and never after now."""
        moment = max(self.gen._moment(self.days.at(index)), self.last + timedelta(minutes=1))
        self.last = min(moment, self.gen.now)
        return self.last

    def _event(self, accion: str, index_or_moment, to: Estado | None, detalle: str = "{}") -> None:
        when = index_or_moment if isinstance(index_or_moment, datetime) else self._when(index_or_moment)
        before = None if accion == "registrar" else self.state.value
        if to is not None:
            self.state = to
        self.tables["evento"].append(dict(
            id=self.gen._id("evento"), unidad_id=self.row["unidad_id"], peticion_id=self.row["id"],
            usuario_id=self.row["creada_por"], actor="Oficial de Módulo Demo", ocurrido_en=when, accion=accion,
            estado_anterior=before, estado_nuevo=self.state.value, detalle=detalle))

    def _clock(self, reloj: Reloj | None, start: int | None = None) -> None:
        if reloj is None:
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
                    row["acuse_buzon_en"] = self._when(told)
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
        self._event("firmar", signed, Estado.FIRMADA, _SIGNED)
        self._notify(signed, today)

    def _route(self, day: int, area: Area) -> None:
        self.canalizacion_id = self.gen._id("canalizacion")
        terms = self.gen.terms
        self.tables["canalizacion"].append(dict(
            id=self.canalizacion_id, peticion_id=self.row["id"], area_id=area.id, canalizada_en=self._when(day),
            vence_seguimiento=self.days.at(day + terms.days(self.row["tipo"], Reloj.SEGUIMIENTO)),
            vence_declinacion=self.days.at(day + terms.days(self.row["tipo"], Reloj.DECLINACION)),
            usuario_id=self.row["creada_por"], activa=True))
        self.row["area_id"] = area.id
        self._clock(Reloj.SEGUIMIENTO, day)
        self._event("canalizar", day, Estado.CANALIZADA, _json({"area": area.nombre}))

    def _remind(self, step: str, reloj: Reloj, day: int) -> None:
        self._clock(reloj, day)
        self.tables["recordatorio"].append(dict(
            id=self.gen._id("recordatorio"), peticion_id=self.row["id"],
            canalizacion_id=self.canalizacion_id, tipo=step, numero="",
            enviado_en=self._when(day), vence_en=self.row["vence_en"], usuario_id=self.row["creada_por"]))
        self._event(step, day, Estado(step))

    def _answer(self, day: int, area: Area) -> None:
        texts = self.gen.texts["textos"]["respuestas"]
        director = self.gen.catalog.director
        self.tables["respuesta"].append(dict(
            id=self.gen._id("respuesta"), peticion_id=self.row["id"], area_id=area.id,
            texto=self.rng.choice(texts), solucion="Atendida conforme a lo solicitado.", recibida_en=self._when(day),
            lenguaje_claro=True, fundamentada=True, congruente=True, datos_firmante=True,
            firmante_nombre=area.enlace_nombre, firmante_cargo=f"Enlace de {area.nombre}",
            firmante_telefono=area.enlace_telefono, firmada_por=director.id if director else None,
            firmada_en=self._when(day), usuario_id=self.row["creada_por"]))
        self._clock(Reloj.NOTIFICACION, day)
        self._event("respuesta", day, Estado.RESPONDIDA)

    def _notify(self, signed: int, today: int) -> None:
        rng = self.rng
        tried = signed + rng.choice((0, 1, 1, 2, 3))
        if tried > today:
            return
        located = self.row["telefono"] and rng.random() < 0.93
        medio = "telefono" if self.row["telefono"] else "postal"
        self._attempt(tried, medio, "notificado" if located else "no_localizado")
        if not located:
            self._clock(Reloj.RESGUARDO, signed)
            kept = signed + 11
            if kept > today:
                return
            self._event("resguardo", kept, Estado.EN_RESGUARDO, _NOT_LOCATED)
            self._clock(None)
            closed = kept + rng.randint(0, 3)
        else:
            self.row["satisfaccion"] = rng.choice((None, 3, 4, 4, 5, 5))
            self._event("notificar", tried, Estado.NOTIFICADA, _json({"medio": medio, "resultado": "notificado"}))
            self._clock(None)
            closed = tried + rng.randint(0, 5)
        if closed > today:
            return
        if self.row["canal"] == Canal.PRESIDENCIA and self.state == Estado.EN_RESGUARDO:
            return
        self.row["concluida_en"] = self._when(closed)
        self._event("concluir", closed, Estado.CONCLUIDA)

    def _attempt(self, day: int, medio: str, result: str) -> None:
        self.tables["notificacion"].append(dict(
            id=self.gen._id("notificacion"), peticion_id=self.row["id"], medio=medio,
            intentada_en=self._when(day), resultado=result, detalle="", recibe_nombre="", identificacion_tipo="",
            identificacion_numero="", tercero=False, carta_poder=False,
            acuse_firmado=result == "notificado" and self.row["canal"] == Canal.PRESIDENCIA,
            usuario_id=self.row["creada_por"]))
        if result != "notificado":
            self._event("notificar", day, None, _json({"medio": medio, "resultado": result}))


def _add_sent_reports(engine: Engine, catalog: Catalog, today: date) -> None:
    """Every month's Anexo 1 sent on time since the unit was set up, except last month's, still owed (L17)."""
    with write_session(engine) as session:
        calendar = load_calendar(session)
        done = set(session.execute(select(ReporteMensual.anio, ReporteMensual.mes)
                                   .where(ReporteMensual.unidad_id == catalog.unidad.id)).all())
        first = session.execute(select(Evento.ocurrido_en).where(Evento.unidad_id == catalog.unidad.id)
                                .order_by(Evento.id).limit(1)).scalar()
        start = local_date(first if first.tzinfo else first.replace(tzinfo=timezone.utc))
        year, month = start.year, start.month
        rows = []
        while (year, month) < previous_month(today):
            if (year, month) not in done:
                sent = datetime.combine(monthly_report_due(calendar, year, month) - timedelta(days=3), time(12, 0),
                                        MEXICO_CITY)
                rows.append(dict(unidad_id=catalog.unidad.id, anio=year, mes=month, generado_en=_naive_utc(sent),
                                 enviado_en=_naive_utc(sent + timedelta(hours=1)), archivo=""))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        _bulk(session, "reportemensual", rows)


def _add_collections(engine: Engine, catalog: Catalog, today: date, rng: random.Random) -> None:
    """Two collections a week per buzón over the past year, some weeks short, none yet this week for one box."""
    from models import Recoleccion

    with write_session(engine) as session:
        if session.execute(select(func.count()).select_from(Recoleccion)).scalar():
            return
        monday = today - timedelta(days=today.weekday())
        rows = []
        for buzon in catalog.buzones:
            for week in range(1, 53):
                start = monday - timedelta(weeks=week)
                for weekday in ((1, 4) if rng.random() > 0.08 else (2,)):
                    moment = _naive_utc(datetime.combine(start + timedelta(days=weekday), time(9, 0), MEXICO_CITY))
                    rows.append(dict(buzon_id=buzon.id, recolectada_en=moment, hojas_declaradas=rng.randint(0, 12),
                                     usuario_id=catalog.oficial.id if catalog.oficial else None))
            if buzon is not catalog.buzones[0] and today.weekday() >= 1:
                moment = _naive_utc(datetime.combine(monday + timedelta(days=1), time(9, 0), MEXICO_CITY))
                rows.append(dict(buzon_id=buzon.id, recolectada_en=moment, hojas_declaradas=rng.randint(0, 12),
                                 usuario_id=catalog.oficial.id if catalog.oficial else None))
        _bulk(session, "recoleccion", rows)
