"""The chain's key: a private file outside the database, old unkeyed chains still verify, and the desk's origin."""

import json
import stat
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from models.audit import chain_digest
from services import audit
from services.audit_check import verify, verify_all
from services.audit_key import KEY_BYTES, chain_key_bytes, key_file
from services.database import make_engine, open_database, read_session, write_session
from services.intake import register
from tests.conftest import mx
from tests.factories import FULL, tampering


@pytest.fixture
def own_key(monkeypatch, tmp_path):
    """A configuration folder of this test's own, so the key starts missing."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "moad-desk" / "clave-bitacora"


def test_key_is_created_once_private_and_outside_the_data_directory(own_key, monkeypatch, tmp_path):
    monkeypatch.setenv("MOAD_DATA_DIR", str(tmp_path / "datos"))
    assert key_file() == own_key and not own_key.exists()
    key = chain_key_bytes()
    assert len(key) == KEY_BYTES and own_key.read_bytes() == key and chain_key_bytes() == key
    assert stat.S_IMODE(own_key.stat().st_mode) == 0o600
    assert stat.S_IMODE(own_key.parent.stat().st_mode) == 0o700
    assert not own_key.is_relative_to(tmp_path / "datos")


def test_events_record_the_os_account_and_host(desk):
    audit.set_origin("mesa3", "modulo-umf")
    try:
        with write_session(desk.engine) as s:
            p = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 13, 9))
    finally:
        audit.set_origin()
    with desk.engine.connect() as c:
        origen, usuario = c.execute(text("SELECT origen, usuario_id FROM evento WHERE peticion_id = :p"),
                                    {"p": p.id}).one()
    assert (origen, usuario) == ("mesa3@modulo-umf", desk.oficial.id)
    with read_session(desk.engine) as s:
        assert verify(s)[1] == []
    with tampering(desk.engine) as c:
        c.execute(text("UPDATE evento SET origen = 'otra@maquina' WHERE peticion_id = :p"), {"p": p.id})
    with read_session(desk.engine) as s:
        assert [pr.evento_id for pr in verify(s)[1]] != []


def test_default_origin_is_this_account_at_this_host():
    import getpass
    import socket

    assert audit.origin() == f"{getpass.getuser()}@{socket.gethostname()}"


def test_without_the_key_verification_checks_what_it_can(own_key, desk, monkeypatch, tmp_path):
    with write_session(desk.engine) as s:
        register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 13, 9))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "otra"))
    with read_session(desk.engine) as s:
        result = verify_all(s)
    assert result.problems == [] and result.sin_clave == result.checked > 0


def test_a_desk_with_another_key_refuses_to_append(own_key, desk):
    with write_session(desk.engine) as s:
        register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 13, 9))
    own_key.write_bytes(bytes(KEY_BYTES))
    from services import audit_key

    audit_key._loaded.clear()
    with pytest.raises(audit.ForeignChainKey, match="no está firmada con la clave de esta mesa"), write_session(desk.engine) as s:
        register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 13, 9))


def _old_database(url: str) -> None:
    """A database at schema 0005 with an unkeyed chain of two events, as an earlier version left it."""
    from alembic import command
    from alembic.config import Config

    from services.database import _migrations

    engine = make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(_migrations()))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
        connection.execute(text("INSERT INTO unidad (id, clave, nombre, tipo, domicilio, lugar, director_nombre, "
                                "director_cargo, director_telefono) VALUES (1, 'UMF-1', 'Unidad', '', '', '', '', '', '')"))
        previous, event_id = "", 0
        for minute, accion in ((1, "unidad_creada"), (2, "area_creada")):
            moment = datetime(2026, 1, 5, 10, minute, tzinfo=UTC)
            fields = dict(unidad_id=1, peticion_id=None, usuario_id=None, actor="sistema", ocurrido_en=moment,
                          accion=accion, estado_anterior=None, estado_nuevo=None, detalle="{}")
            digest = chain_digest(previous, **fields)
            connection.execute(text(
                "INSERT INTO evento (unidad_id, actor, ocurrido_en, accion, detalle, hash_anterior, hash) "
                "VALUES (1, 'sistema', :t, :a, '{}', :p, :h)"),
                {"t": moment.replace(tzinfo=None), "a": accion, "p": previous, "h": digest})
            previous = digest
            event_id = connection.execute(text("SELECT max(id) FROM evento")).scalar_one()
        connection.execute(text("INSERT INTO cadenaeventos (cadena, ultimo_id, ultimo_hash) VALUES (1, :i, :h)"),
                           {"i": event_id, "h": previous})
    engine.dispose()


def test_an_old_unkeyed_chain_is_sealed_on_upgrade_and_keeps_verifying(db_url, desk_user):
    _old_database(db_url)
    engine = open_database(db_url)
    try:
        with read_session(engine) as s:
            assert verify(s) == (2, [])
        with write_session(engine) as s:
            audit.record(s, actor=desk_user, accion="buzon_creado", unidad_id=1, detalle={"buzon": "B-1"})
        with engine.connect() as c:
            versions = c.execute(text("SELECT version FROM evento ORDER BY id")).scalars().all()
        assert versions == [1, 1, 2]
        with read_session(engine) as s:
            assert verify(s) == (3, [])
        with tampering(engine) as c:
            first = c.execute(text("SELECT min(id) FROM evento")).scalar_one()
            c.execute(text("UPDATE evento SET detalle = '{\"x\": 1}' WHERE id = :i"), {"i": first})
        with read_session(engine) as s:
            assert [p.evento_id for p in verify(s)[1]] == [first]
    finally:
        engine.dispose()


@pytest.fixture
def desk_user():
    from services.actor import SYSTEM

    return SYSTEM


def test_personal_data_stays_out_of_the_hashed_detail_and_can_be_forgotten(desk):
    from services.arco import record_request
    from services.personal_data import log_contact_attempt
    from services.privacy import reveal

    with write_session(desk.engine) as s:
        # Without an e-mail the data are incomplete, so the desk may log an attempt to reach her for it (L3).
        p = register(session=s, actor=desk.oficial, unidad=desk.unidad, data={**FULL, "correo": ""},
                     now=mx(2026, 11, 13, 9))
        reveal(session=s, actor=desk.oficial, folio=p.folio, motivo="Llamar a Ximena Prueba al 5512345678")
        log_contact_attempt(session=s, actor=desk.oficial, folio=p.folio, medio="telefono",
                            resultado="Contestó su hermana Lucía al 5587654321")
        record_request(session=s, actor=desk.oficial, folio=p.folio, tipo="cancelacion",
                       motivo="Ximena Prueba pide borrar su CURP BADD110313HCMLNS06")
    with desk.engine.connect() as c:
        details = " ".join(c.execute(text("SELECT detalle FROM evento")).scalars())
        kept = c.execute(text("SELECT count(*) FROM eventodato WHERE peticion_id = :p AND texto <> ''"),
                         {"p": p.id}).scalar_one()
    assert kept == 3
    for secret in ("Ximena", "5512345678", "Lucía", "BADD110313HCMLNS06"):
        assert secret not in details
    with read_session(desk.engine) as s:
        assert verify(s)[1] == []
        ids = s.execute(text("SELECT evento_id FROM eventodato ORDER BY evento_id")).scalars().all()
        assert audit.personal_of(s, ids)[ids[0]] == {"motivo": "Llamar a Ximena Prueba al 5512345678"}
    with write_session(desk.engine) as s:
        assert audit.forget_personal_data(s, p.id) == 3
    with desk.engine.connect() as c:
        left = " ".join(c.execute(text("SELECT sal || texto FROM eventodato")).scalars())
    assert left == "  "
    with read_session(desk.engine) as s:
        assert verify(s)[1] == [] and audit.personal_of(s, ids) == {}


def test_altered_personal_data_is_caught(desk):
    from services.privacy import reveal

    with write_session(desk.engine) as s:
        p = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 13, 9))
        reveal(session=s, actor=desk.oficial, folio=p.folio, motivo="Pidió su número")
    with tampering(desk.engine) as c:
        c.execute(text("UPDATE eventodato SET texto = :t"), {"t": json.dumps({"motivo": "Otra cosa"})})
    with read_session(desk.engine) as s:
        problems = verify(s)[1]
    assert problems and "datos personales" in problems[0].motivo
