"""Shared test builders: a complete petition, a registration on the desk fixture, an owner's transaction, a Pilot unit."""

import re
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import text

from models.enums import MedioNotificacion, ResultadoNotificacion, Rol
from services import answers, delivery
from services.actor import SYSTEM
from services.answers import Checklist
from services.catalogs.areas import add_area
from services.catalogs.units import create_unit
from services.catalogs.users import add_user
from services.database import write_session
from services.intake import register
from tests.conftest import mx

# A petition with every L3 datum, for a generated person.
FULL = dict(
    tipo="inconformidad", descripcion="No me surten el medicamento de la presión desde hace tres semanas.",
    nombre="Ximena", primer_apellido="Prueba", segundo_apellido="Generada", curp="BADD110313HCMLNS06",
    telefono="55 1234 5678", correo="ximena.prueba@example.mx", calle="Calle Falsa", numero_exterior="123",
    colonia="Centro", codigo_postal="06000", municipio="Cuauhtémoc", entidad="Ciudad de México", aviso_privacidad=True,
)
ALL_CHECKED = Checklist(lenguaje_claro=True, fundamentada=True, congruente=True, datos_firmante=True)


def signed_and_not_reached(desk, folio: str, *, answered, called) -> None:
    """The área's answer at `answered`, the director's signature an hour later, and a call at `called` that did not
    reach the petitioner (the notification clock runs on)."""
    with write_session(desk.engine) as s:
        answers.record_answer(session=s, actor=desk.oficial, folio=folio, texto="Respuesta", firmante_nombre="A",
                              firmante_cargo="B", firmante_telefono="5550003333", now=answered)
        answers.sign(session=s, actor=desk.director, folio=folio, checklist=ALL_CHECKED, now=answered + timedelta(hours=1))
        delivery.notify(session=s, actor=desk.oficial, folio=folio, medio=MedioNotificacion.TELEFONO,
                        resultado=ResultadoNotificacion.NO_LOCALIZADO, now=called)


def register_full(desk, now=None, **changes):
    """Register FULL (with changes) as the desk's officer, by default on Friday 13 November 2026 at 10:00."""
    with write_session(desk.engine) as session:
        return register(session=session, actor=desk.oficial, unidad=desk.unidad, data={**FULL, **changes},
                        now=now or mx(2026, 11, 13, 10))


@contextmanager
def tampering(engine):
    """A transaction with the powers of the database's owner: on PostgreSQL, triggers do not fire."""
    with engine.begin() as c:
        if c.dialect.name == "postgresql":
            c.execute(text("SET LOCAL session_replication_role = replica"))
        yield c


def pilot_unit(engine) -> None:
    """A unit with one área and one officer (PIN 246810), for driving the intake form with Pilot."""
    with write_session(engine) as session:
        unit = create_unit(session=session, actor=SYSTEM, clave="UMF-P", nombre="Unidad Pilot")
        add_area(session=session, actor=SYSTEM, unidad_id=unit.id, nombre="Farmacia", enlace_nombre="Enlace Farmacia")
        add_user(session=session, actor=SYSTEM, unidad_id=unit.id, usuario="oficial", nombre="Oficial Pilot",
                 rol=Rol.OFICIAL, pin="246810")

# How an F4 row ends: its situation in words (overdue, due today, coming, a buzón week short, L3 attempts spent).
F4_SITUATION = re.compile(r"(⏰ vencido( \d+ d\.h\.)?|⚠ vence hoy|… por vencer|✗ van \d de 2|◐ \d de 3 intentos)$")
