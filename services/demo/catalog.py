"""The demo unit: its áreas, buzones and one user per role, set up before its oldest petition."""

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from importlib import resources

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import col

from models import Area, Buzon, Unidad, Usuario
from models.enums import Rol
from services.actor import SYSTEM
from services.auth import hash_pin
from services.calendar import MEXICO_CITY, local_date, now_utc
from services.catalogs.areas import add_area
from services.catalogs.mailboxes import add_buzon
from services.catalogs.units import create_unit
from services.catalogs.users import add_user
from services.database import write_session

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
        unit = session.execute(select(Unidad).order_by(col(Unidad.id))).scalars().first()
        if unit is None:
            _create_catalogs(session, set_up_day(today or local_date(now_utc())))
            unit = session.execute(select(Unidad).order_by(col(Unidad.id))).scalars().first()
        assert unit is not None, "the catalogs were just created"
        areas = list(session.execute(select(Area).where(col(Area.unidad_id) == unit.id).order_by(col(Area.id))).scalars())
        buzones = list(session.execute(select(Buzon).where(col(Buzon.unidad_id) == unit.id).order_by(col(Buzon.id))).scalars())
        users = {u.rol: u for u in session.execute(select(Usuario).order_by(col(Usuario.id))).scalars()}
    return Catalog(unit, areas, buzones, users[Rol.OFICIAL], users[Rol.DIRECTOR])


def set_up_day(today: date) -> date:
    """The day the demo unit was set up: the start of its simulated history, before its oldest petition."""
    return today - timedelta(days=HISTORY_DAYS)


def _create_catalogs(session, set_up: date) -> None:
    unit = create_unit(
        session=session, actor=SYSTEM, when=datetime.combine(set_up, time(8, 0), MEXICO_CITY), clave="CMF-DEMO",
        nombre="Clínica de Medicina Familiar Demostración",
        tipo="Clínica de medicina familiar", domicilio="Av. Ermita Iztapalapa 100, Col. Centro, C.P. 09000, Iztapalapa, CDMX",
        director_nombre="Dra. Directora Demo", director_cargo="Directora de la Clínica", director_telefono="5550001234",
    )
    texts = demo_texts()
    for index, name in enumerate(DEMO_AREAS):
        enlace = f"{texts['nombres'][index]} {texts['apellidos'][index]} {texts['apellidos'][index + 10]}"
        superior = f"{texts['nombres'][index + 20]} {texts['apellidos'][index + 20]} {texts['apellidos'][index + 30]}"
        slug = name.split()[0].lower().replace("í", "i").replace("á", "a")
        add_area(session=session, actor=SYSTEM, unidad_id=unit.id, nombre=name, enlace_nombre=enlace,
                 enlace_correo=f"enlace.{slug}@demo.example.mx", enlace_telefono=f"55500{index:02d}100",
                 superior_nombre=superior, superior_cargo=f"Jefe(a) de {name}",
                 superior_correo=f"jefatura.{slug}@demo.example.mx")
    for clave, place in (("B-01", "Sala de espera, planta baja"), ("B-02", "Farmacia"), ("B-03", "Urgencias")):
        add_buzon(session=session, actor=SYSTEM, unidad_id=unit.id, clave=clave, ubicacion=place)
    pin_hash = hash_pin(DEMO_PIN)
    for usuario, nombre, rol in DEMO_USERS:
        add_user(session=session, actor=SYSTEM, unidad_id=unit.id, usuario=usuario, nombre=nombre, rol=rol,
                 pin=DEMO_PIN, pin_hash=pin_hash)
