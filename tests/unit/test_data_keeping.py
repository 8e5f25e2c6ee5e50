"""Backups round-trip every table; retention anonymises but keeps statistics; ARCO export is complete and logged."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, select, text

from models import Evento, Peticion
from services.actor import SYSTEM
from services.arco import export
from services.backup import backup, restore
from services.database import read_session, write_session
from services.delivery import conclude_orientation
from services.errors import InvalidInput
from services.intake import register
from services.retention import anonymise, candidates
from tests.conftest import mx
from tests.factories import FULL


def _snapshot(engine) -> dict:
    tables = sorted(inspect(engine).get_table_names())
    with engine.connect() as connection:
        return {t: connection.execute(text(f"SELECT * FROM {t} ORDER BY 1")).all() for t in tables}


def test_backup_restore_round_trip(desk, db_url, tmp_path):
    with write_session(desk.engine) as s:
        register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 13, 9))
    before = _snapshot(desk.engine)
    copy = backup(db_url, tmp_path / "respaldo.bin")
    with write_session(desk.engine) as s:
        register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 14, 9))
    assert _snapshot(desk.engine) != before
    desk.engine.dispose()
    restore(db_url, copy, data_dir=tmp_path / "datos")
    assert _snapshot(desk.engine) == before
    with pytest.raises(InvalidInput, match="ya existe"):
        backup(db_url, copy)


def test_restore_refuses_a_file_that_is_not_a_backup(sqlite_url, tmp_path):
    bogus = tmp_path / "no.sqlite3"
    bogus.write_bytes(b"esto no es una base de datos" * 100)
    with pytest.raises(InvalidInput, match="no es un respaldo"):
        restore(sqlite_url, bogus, data_dir=tmp_path / "datos")


def _orientation(desk, when):
    with write_session(desk.engine) as s:
        p = register(session=s, actor=desk.oficial, unidad=desk.unidad,
                     data={**FULL, "tipo": "orientacion", "descripcion": "Llámeme al 55 1234 5678 o a ximena@example.mx"},
                     now=when)
        conclude_orientation(session=s, actor=desk.oficial, folio=p.folio, nota="Se orientó.", now=when)
    return p


def test_retention_anonymises_old_concluded_petitions_keeping_statistics(desk):
    old = _orientation(desk, mx(2019, 3, 1))
    recent = _orientation(desk, mx(2025, 3, 1))
    now = datetime(2026, 11, 22, tzinfo=UTC)
    with read_session(desk.engine) as s:
        assert [c.folio for c in candidates(session=s, years=5, now=now)] == [old.folio]
    with write_session(desk.engine) as s:
        assert anonymise(session=s, actor=SYSTEM, years=5, now=now) == 1
    with read_session(desk.engine) as s:
        gone = s.execute(select(Peticion).where(Peticion.folio == old.folio)).scalar_one()
        kept = s.execute(select(Peticion).where(Peticion.folio == recent.folio)).scalar_one()
        assert (gone.nombre, gone.curp, gone.telefono, gone.correo, gone.calle) == ("", "", "", "", "")
        assert "5678" not in gone.descripcion and "@" not in gone.descripcion
        assert (gone.tipo, gone.estado, gone.canal) == ("orientacion", "concluida", "modulo")
        assert kept.nombre == "Ximena"
        assert candidates(session=s, years=5, now=now) == []
    with write_session(desk.engine) as s:
        assert anonymise(session=s, actor=SYSTEM, years=5, now=now) == 0


def test_arco_export_is_complete_and_logged(desk):
    p = _orientation(desk, mx(2026, 11, 2))
    with write_session(desk.engine) as s:
        data = export(session=s, actor=desk.supervisor, curp="BADD110313HCMLNS06")
    assert [item["peticion"]["folio"] for item in data["peticiones"]] == [p.folio]
    assert data["peticiones"][0]["peticion"]["telefono"] == "5512345678"
    assert [e["accion"] for e in data["peticiones"][0]["eventos"]] == ["registrar", "concluir_orientacion"]
    with read_session(desk.engine) as s:
        assert s.execute(select(Evento).where(Evento.accion == "arco_acceso")).scalar_one().usuario_id == desk.supervisor.id
