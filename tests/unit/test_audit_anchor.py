"""The chain head printed on the Anexo 1 anchors history outside the database: even the key's holder cannot rewrite it."""

from pypdf import PdfReader
from sqlalchemy import select, text

from models import CadenaEventos, Evento, ReporteMensual
from services import audit
from services.audit_key import chain_key_bytes
from services.database import read_session, write_session
from services.intake import register
from services.privacy import reveal
from services.reports import generate
from tests.cli_runner import ROOT, moad
from tests.conftest import mx
from tests.factories import FULL, tampering


def _report(desk, tmp_path) -> tuple[int, str]:
    with write_session(desk.engine) as s:
        for _ in range(2):
            p = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 13, 9))
            reveal(session=s, actor=desk.oficial, folio=p.folio, motivo="Confirmar domicilio")
    with write_session(desk.engine) as s:
        result = generate(session=s, actor=desk.supervisor, unidad=desk.unidad, year=2026, month=11,
                          pdf=tmp_path / "anexo1.pdf")
    data = result["data"]
    return data.ancla_eventos, data.ancla_huella


def _rewrite_with_the_key(engine) -> None:
    """An insider who holds the key deletes the reveals, re-signs every chain and moves the stored anchors."""
    secret = chain_key_bytes()
    with tampering(engine) as c:
        c.execute(text("DELETE FROM eventodato"))
        c.execute(text("DELETE FROM evento WHERE accion = 'datos_revelados'"))
    with read_session(engine) as s:
        events = s.execute(select(Evento).order_by(Evento.id)).scalars().all()
        fields = [(e.id, e.unidad_id or 0, audit.vars_of(e)) for e in events]
    heads: dict[int, tuple[int, str, int]] = {}
    with tampering(engine) as c:
        for event_id, key, values in fields:
            _, previous, count = heads.get(key, (0, "", 0))
            digest = audit.digest_of(secret, previous, values)
            c.execute(text("UPDATE evento SET hash_anterior = :p, hash = :h WHERE id = :i"),
                      {"p": previous, "h": digest, "i": event_id})
            heads[key] = (event_id, digest, count + 1)
        for key, (last_id, digest, count) in heads.items():
            c.execute(text("UPDATE cadenaeventos SET ultimo_id = :i, ultimo_hash = :h, eventos = :n, sello = :s "
                           "WHERE cadena = :k"),
                      {"i": last_id, "h": digest, "n": count, "s": audit.seal(secret, key, last_id, digest, count), "k": key})
        c.execute(text("UPDATE reportemensual SET ancla_eventos = 0, ancla_hash = ''"))


def test_the_report_prints_and_stores_the_chain_head(desk, tmp_path):
    eventos, huella = _report(desk, tmp_path)
    with read_session(desk.engine) as s:
        stored = s.execute(select(ReporteMensual)).scalar_one()
        head = s.get(CadenaEventos, desk.unidad.id)
        position = s.execute(select(Evento.hash).where(Evento.unidad_id == desk.unidad.id).order_by(Evento.id)
                             .offset(eventos - 1).limit(1)).scalar_one()
    assert (stored.ancla_eventos, stored.ancla_hash) == (eventos, huella) and position == huella
    assert head.eventos == eventos + 1
    cover = " ".join(PdfReader(tmp_path / "anexo1.pdf").pages[0].extract_text().split())
    grouped = " ".join(huella[i:i + 8] for i in range(0, 64, 8))
    assert f"Ancla de la bitácora {eventos} eventos, huella {grouped}" in cover


def test_the_printed_anchor_catches_a_rewrite_by_the_keys_holder(db_url, desk, tmp_path):
    eventos, huella = _report(desk, tmp_path)
    whole = moad("auditoria", "verificar", "--ancla", f"{eventos}:{huella}", db=db_url)
    assert whole.returncode == 0, whole.stderr
    assert "Ancla comprobada" in whole.stderr and "Bitácora íntegra" in whole.stderr
    spaced = moad("auditoria", "verificar", "--ancla", " ".join(huella[i:i + 8] for i in range(0, 64, 8)),
                  "--eventos", str(eventos), db=db_url)
    assert spaced.returncode == 0, spaced.stderr
    _rewrite_with_the_key(desk.engine)
    assert moad("auditoria", "verificar", db=db_url).returncode == 0
    rewritten = moad("auditoria", "verificar", "--ancla", f"{eventos}:{huella}", db=db_url)
    assert rewritten.returncode == 1
    assert rewritten.stdout.startswith(f"ancla {eventos}:{huella}: ningún evento lleva esa huella")
    assert "La historia publicada en el ancla fue reescrita." in rewritten.stderr


def test_the_stored_anchor_catches_a_cut_below_it(desk, tmp_path):
    eventos, _ = _report(desk, tmp_path)
    secret = chain_key_bytes()
    with tampering(desk.engine) as c:
        keep = c.execute(text("SELECT id, hash FROM evento WHERE unidad_id = :u ORDER BY id LIMIT 1"),
                         {"u": desk.unidad.id}).one()
        c.execute(text("DELETE FROM eventodato"))
        c.execute(text("DELETE FROM evento WHERE unidad_id = :u AND id > :i"), {"u": desk.unidad.id, "i": keep.id})
        c.execute(text("UPDATE cadenaeventos SET ultimo_id = :i, ultimo_hash = :h, eventos = 1, sello = :s "
                       "WHERE cadena = :k"),
                  {"i": keep.id, "h": keep.hash, "s": audit.seal(secret, desk.unidad.id, keep.id, keep.hash, 1),
                   "k": desk.unidad.id})
    from services.audit_check import verify

    with read_session(desk.engine) as s:
        problems = verify(s)[1]
    assert problems and f"el informe mensual de 11/2026 registró {eventos:,} eventos" in problems[0].motivo


def test_a_bad_anchor_is_one_spanish_line_and_exit_2(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    for args in (("--ancla", "12:xyz"), ("--ancla", "abc"), ("--eventos", "3"), ("--ancla", f"0:{'a' * 64}")):
        result = moad("auditoria", "verificar", *args, db=db)
        assert (result.returncode, result.stdout) == (2, ""), args
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("moad: ")


def test_verification_without_the_key_says_so(db_url, desk, tmp_path):
    _report(desk, tmp_path)
    import subprocess
    import sys

    from tests.conftest import child_env

    env = child_env(XDG_CONFIG_HOME=str(tmp_path / "sin-clave"), MOAD_DATA_DIR=str(tmp_path / "datos"))
    result = subprocess.run([sys.executable, "-m", "cli.main", "auditoria", "verificar", "--db", db_url], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "No se encontró la clave de la bitácora" in result.stderr and "Bitácora íntegra" in result.stderr
    assert not (tmp_path / "sin-clave").exists()
