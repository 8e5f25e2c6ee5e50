"""Several processes registering at once: nothing lost, no duplicate folio, no gap, every event present."""

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from models import Evento, Peticion
from services.audit_check import verify
from services.database import read_session
from tests.conftest import child_env

ROOT = Path(__file__).resolve().parents[2]
WORKER = """
import sys
from services.actor import Actor
from models.enums import Rol
from services.database import make_engine, write_session
from services.catalogs.units import get_unit
from services.intake import register
engine = make_engine(sys.argv[1])
actor = Actor(id=None, nombre="proceso " + sys.argv[3], rol=Rol.OFICIAL)
for i in range(int(sys.argv[2])):
    with write_session(engine) as session:
        unit = get_unit(session=session)
        register(session=session, actor=actor, unidad=unit,
                 data={"tipo": "sugerencia", "descripcion": f"Sugerencia {sys.argv[3]}-{i}", "canal": "modulo"})
"""
PROCESSES, EACH = 8, 250


def test_parallel_registration_loses_nothing(desk, db_url):
    env = child_env(PYTHONPATH=str(ROOT))
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, db_url, str(EACH), str(n)], cwd=ROOT, env=env,
                                stderr=subprocess.PIPE, text=True) for n in range(PROCESSES)]
    for worker in workers:
        _, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
    with read_session(desk.engine) as session:
        folios = session.execute(select(Peticion.folio)).scalars().all()
        numbers = sorted(session.execute(select(Peticion.consecutivo)).scalars())
        events = session.execute(select(func.count()).select_from(Evento).where(Evento.accion == "registrar")).scalar()
        checked, problems = verify(session)
    assert len(folios) == PROCESSES * EACH
    assert len(set(folios)) == len(folios)
    assert numbers == list(range(1, PROCESSES * EACH + 1))
    assert events == PROCESSES * EACH
    assert checked >= events and problems == [], "the hash chain stays whole under concurrent writers"


def test_demo_written_by_two_processes_at_once_is_whole(engine):
    from datetime import date

    from services.demo import populate

    made = populate(engine, n=3_000, today=date(2026, 11, 20), processes=2)
    with read_session(engine) as session:
        ids = session.execute(select(Peticion.id)).scalars().all()
        numbers = sorted(session.execute(select(Peticion.consecutivo).where(Peticion.anio == 2026)).scalars())
        registered = session.execute(
            select(func.count(func.distinct(Evento.peticion_id))).where(Evento.accion == "registrar")).scalar()
        _, problems = verify(session)
    assert made == len(ids) == len(set(ids)) == registered == 3_000
    assert numbers == list(range(1, len(numbers) + 1))
    assert problems == []
