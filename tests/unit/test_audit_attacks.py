"""Attacks on the event log by someone with write access to the database: each one must fail verification."""

from datetime import datetime

import pytest
from sqlalchemy import inspect, text

from models.audit import chain_digest
from services.audit_check import verify
from services.database import read_session, write_session
from services.intake import register
from services.privacy import reveal
from services.routing import route
from tests.conftest import mx
from tests.factories import FULL, tampering

_HASHED = ("unidad_id", "peticion_id", "usuario_id", "actor", "ocurrido_en", "accion", "estado_anterior",
           "estado_nuevo", "detalle")


@pytest.fixture
def chained(desk):
    with write_session(desk.engine) as s:
        for _ in range(3):
            p = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 13, 9))
            route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 10))
            reveal(session=s, actor=desk.oficial, folio=p.folio, motivo="Llamar a Ximena Prueba al 5512345678")
    return desk


def _problems(engine):
    with read_session(engine) as s:
        return verify(s)[1]


def _delete_reveals(c) -> None:
    reveals = "SELECT id FROM evento WHERE accion = 'datos_revelados'"
    if "eventodato" in inspect(c).get_table_names():
        c.execute(text(f"DELETE FROM eventodato WHERE evento_id IN ({reveals})"))
    c.execute(text(f"DELETE FROM evento WHERE id IN ({reveals})"))


def _head_columns(engine) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns("cadenaeventos")}


def _rechain(c, head_columns: set[str], *, version: int | None = None) -> None:
    """Recompute every chain with the project's own digest and move the heads, as an insider would."""
    rows = c.execute(text("SELECT * FROM evento ORDER BY id")).mappings().all()
    heads: dict[int, tuple[int, str, int]] = {}
    for row in rows:
        key = row["unidad_id"] or 0
        _, previous, count = heads.get(key, (0, "", 0))
        fields = {name: row[name] for name in _HASHED}
        if isinstance(fields["ocurrido_en"], str):
            fields["ocurrido_en"] = datetime.fromisoformat(fields["ocurrido_en"])
        digest = chain_digest(previous, **fields)
        c.execute(text("UPDATE evento SET hash_anterior = :p, hash = :h WHERE id = :i"),
                  {"p": previous, "h": digest, "i": row["id"]})
        heads[key] = (row["id"], digest, count + 1)
    if version is not None:
        c.execute(text("UPDATE evento SET version = :v"), {"v": version})
    for key, (last_id, digest, count) in heads.items():
        extra = ", eventos = :n" if "eventos" in head_columns else ""
        extra += ", sello = ''" if "sello" in head_columns and version is not None else ""
        c.execute(text(f"UPDATE cadenaeventos SET ultimo_id = :i, ultimo_hash = :h{extra} WHERE cadena = :k"),
                  {"i": last_id, "h": digest, "n": count, "k": key})


def test_deleting_every_event_and_head_is_caught(chained):
    with tampering(chained.engine) as c:
        c.execute(text("DELETE FROM eventodato"))
        c.execute(text("DELETE FROM evento"))
        c.execute(text("DELETE FROM cadenaeventos"))
    problems = _problems(chained.engine)
    assert problems and "no tiene eventos" in problems[0].motivo


def test_cutting_the_tail_and_moving_the_head_is_caught(chained):
    columns = _head_columns(chained.engine)
    with tampering(chained.engine) as c:
        last, before = c.execute(text("SELECT id, hash_anterior FROM evento WHERE unidad_id = :u ORDER BY id DESC LIMIT 1"),
                                 {"u": chained.unidad.id}).one()
        previous_id = c.execute(text("SELECT id FROM evento WHERE hash = :h"), {"h": before}).scalar_one()
        c.execute(text("DELETE FROM eventodato WHERE evento_id = :i"), {"i": last})
        c.execute(text("DELETE FROM evento WHERE id = :i"), {"i": last})
        extra = ", eventos = eventos - 1" if "eventos" in columns else ""
        c.execute(text(f"UPDATE cadenaeventos SET ultimo_id = :i, ultimo_hash = :h{extra} WHERE cadena = :k"),
                  {"i": previous_id, "h": before, "k": chained.unidad.id})
    problems = _problems(chained.engine)
    assert [p.cadena for p in problems] == [chained.unidad.id]


def test_recomputing_the_chain_after_deleting_reveals_is_caught(chained):
    columns = _head_columns(chained.engine)
    with tampering(chained.engine) as c:
        _delete_reveals(c)
        _rechain(c, columns)
    problems = _problems(chained.engine)
    assert [p.cadena for p in problems] == [chained.unidad.id]
    assert "alterado" in problems[0].motivo


def test_recomputing_as_an_unkeyed_chain_is_caught(chained):
    columns = _head_columns(chained.engine)
    with tampering(chained.engine) as c:
        _delete_reveals(c)
        _rechain(c, columns, version=1)
    assert {p.cadena for p in _problems(chained.engine)} >= {chained.unidad.id}
