"""Attaching a file to an expediente: copied with its SHA-256, recorded with an event, and refused in Spanish."""

import hashlib

import pytest
from sqlalchemy import select

from models import Documento, Evento
from services.attachments import MAX_BYTES, attach
from services.database import read_session, write_session
from services.errors import InvalidInput, PermissionDenied
from services.expediente import event_detail
from services.intake import register
from tests.conftest import mx
from tests.factories import FULL


def _petition(desk):
    with write_session(desk.engine) as session:
        return register(session=session, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 13, 10))


def _attach(desk, folio, path, data_dir, actor=None):
    with write_session(desk.engine) as session:
        return attach(session=session, actor=actor or desk.oficial, folio=folio, path=path, data_dir=data_dir)


def test_the_file_is_copied_hashed_and_recorded(desk, tmp_path):
    peticion = _petition(desk)
    source = tmp_path / "respuesta del área.pdf"
    content = b"%PDF-1.4 respuesta firmada\n" * 100
    source.write_bytes(content)
    data_dir = tmp_path / "datos"
    document = _attach(desk, peticion.folio, str(source), data_dir)
    digest = hashlib.sha256(content).hexdigest()
    stored = data_dir / "expedientes" / peticion.folio / "respuesta del área.pdf"
    assert stored.read_bytes() == content and source.exists()
    assert document.ruta == str(stored) and document.sha256 == digest and document.tipo == "adjunto"
    with read_session(desk.engine) as session:
        assert session.execute(select(Documento).where(Documento.peticion_id == peticion.id)).scalar_one().sha256 == digest
        event = session.execute(select(Evento).where(Evento.peticion_id == peticion.id, Evento.accion == "adjuntar")).scalar_one()
        assert event_detail(event) == {"archivo": "respuesta del área.pdf", "sha256": digest, "bytes": len(content)}
        assert event.actor == desk.oficial.nombre
    again = _attach(desk, peticion.folio, source, data_dir)
    assert again.nombre == "respuesta del área-2.pdf" and stored.exists()
    assert not [p for p in stored.parent.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("kind, message", [
    ("missing", "No existe el archivo"),
    ("folder", "es una carpeta"),
    ("blank", "Escriba la ruta"),
    ("big", "el límite es de 20 MB"),
])
def test_refusals_in_spanish_and_nothing_recorded(desk, tmp_path, kind, message):
    peticion = _petition(desk)
    paths = {"missing": tmp_path / "no-esta.pdf", "folder": tmp_path, "blank": "  ", "big": tmp_path / "grande.bin"}
    if kind == "big":
        with open(paths["big"], "wb") as handle:
            handle.truncate(MAX_BYTES + 1)
    with pytest.raises(InvalidInput, match=message):
        _attach(desk, peticion.folio, paths[kind], tmp_path / "datos")
    with read_session(desk.engine) as session:
        assert session.execute(select(Documento)).first() is None
        assert session.execute(select(Evento).where(Evento.accion == "adjuntar")).first() is None


def test_an_unreadable_file_is_refused(desk, tmp_path, monkeypatch):
    peticion = _petition(desk)
    secret = tmp_path / "sin-permiso.pdf"
    secret.write_bytes(b"x")
    # Permission bits do not stop root (CI runs as root), so the check is made to see what a desk user would see.
    monkeypatch.setattr("services.attachments.os.access", lambda path, mode: False)
    with pytest.raises(InvalidInput, match="no tiene permiso de lectura"):
        _attach(desk, peticion.folio, secret, tmp_path / "datos")


def test_a_file_of_exactly_twenty_megabytes_is_accepted(desk, tmp_path):
    peticion = _petition(desk)
    limit = tmp_path / "justo.bin"
    with open(limit, "wb") as handle:
        handle.truncate(MAX_BYTES)
    assert _attach(desk, peticion.folio, limit, tmp_path / "datos").nombre == "justo.bin"


def test_a_reading_role_cannot_attach(desk, tmp_path):
    peticion = _petition(desk)
    source = tmp_path / "nota.txt"
    source.write_text("nota")
    with pytest.raises(PermissionDenied, match="requiere el rol"):
        _attach(desk, peticion.folio, source, tmp_path / "datos", actor=desk.supervisor)
    assert not (tmp_path / "datos" / "expedientes").exists()
