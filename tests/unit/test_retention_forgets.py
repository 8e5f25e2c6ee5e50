"""Retention really forgets: after anonymising, no trace of the person remains in any table or file of the petition."""

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import inspect, select, text

from models import Canalizacion, Declinacion, Documento, Notificacion, Peticion, Respuesta
from services.actor import SYSTEM
from services.audit_check import verify
from services.database import read_session, write_session
from services.delivery import conclude_orientation
from services.forgetting import REMOVED, redact
from services.intake import register
from services.paperwork import acuse
from services.retention import anonymise, stale_open
from tests.conftest import mx

PERSON = dict(
    tipo="orientacion", canal="modulo", nombre="Xóchitl", primer_apellido="Prueba", segundo_apellido="Generada",
    curp="BADD110313HCMLNS06", telefono="55 1234 5678", correo="xochitl.prueba@example.mx", calle="Calle Falsa",
    numero_exterior="123", colonia="Centro", codigo_postal="06000", municipio="Cuauhtémoc", entidad="Ciudad de México",
    servidor_publico="Dr. Anselmo Ficticio",
    descripcion="Soy XOCHITL PRUEBA, mi CURP es BADD110313HCMLNS06, vivo en Calle Falsa 123; el Dr. Anselmo Ficticio "
                "no me atendió. Llámenme al 55-1234-5678 o escriban a xochitl.prueba@example.mx.",
)
TRACES = ("Xóchitl", "Xochitl", "XOCHITL", "Generada", "BADD110313HCMLNS06", "5512345678", "1234-5678", "1234 5678",
          "xochitl.prueba", "Calle Falsa", "Anselmo", "Ficticio")


def _old_concluded(desk, tmp_path):
    with write_session(desk.engine) as s:
        p = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=PERSON, now=mx(2019, 3, 1))
        acuse(session=s, actor=desk.oficial, folio=p.folio, data_dir=tmp_path)
        conclude_orientation(session=s, actor=desk.oficial, folio=p.folio, nota="Se orientó a Xóchitl Prueba.",
                             now=mx(2019, 3, 1, 11))
        # Rows other steps would have left, written directly: the lifecycle is tested elsewhere.
        s.add(Respuesta(peticion_id=p.id, texto="Estimada C. Xóchitl Prueba Generada: se revisó su caso con el "
                        "Dr. Anselmo Ficticio.", solucion="Cita para la C. Prueba", recibida_en=mx(2019, 3, 1, 10)))
        routed = Canalizacion(peticion_id=p.id, area_id=desk.areas[0].id, canalizada_en=mx(2019, 3, 1, 9, 30),
                              vence_seguimiento=date(2019, 3, 6), vence_declinacion=date(2019, 3, 5), activa=False)
        s.add(routed)
        s.flush()
        s.add(Declinacion(peticion_id=p.id, canalizacion_id=routed.id, area_id=desk.areas[0].id,
                          motivo="La Sra. Xóchitl (tel. 5512345678) pide otra área", declarada_en=mx(2019, 3, 1, 10),
                          en_plazo=True))
        s.add(Notificacion(peticion_id=p.id, medio="telefono", intentada_en=mx(2019, 3, 1, 10, 30),
                           resultado="notificado", detalle="Contestó Xóchitl al 55 1234 5678",
                           recibe_nombre="Xóchitl Prueba", identificacion_numero="INE 1234567890123"))
    return p


def _everything(engine) -> str:
    with engine.connect() as connection:
        return "\n".join(str(row) for table in sorted(inspect(engine).get_table_names())
                         for row in connection.execute(text(f"SELECT * FROM {table}")))


def test_no_trace_of_the_person_remains_in_the_petition_tables_or_files(desk, tmp_path):
    p = _old_concluded(desk, tmp_path)
    with read_session(desk.engine) as s:
        files = [Path(f) for f in s.execute(select(Documento.ruta).where(Documento.peticion_id == p.id)).scalars()]
    assert files and all(f.exists() for f in files)
    before = _everything(desk.engine)
    assert all(trace in before for trace in ("Xóchitl", "BADD110313HCMLNS06", "Anselmo"))
    with write_session(desk.engine) as s:
        assert anonymise(session=s, actor=SYSTEM, years=5, now=datetime(2026, 11, 22, tzinfo=UTC)) == 1
    with read_session(desk.engine) as s:
        rows = {
            "peticion": s.execute(select(Peticion).where(Peticion.id == p.id)).scalar_one().model_dump(),
            "respuesta": [r.model_dump() for r in s.execute(select(Respuesta)).scalars()],
            "declinacion": [r.model_dump() for r in s.execute(select(Declinacion)).scalars()],
            "notificacion": [r.model_dump() for r in s.execute(select(Notificacion)).scalars()],
            "documento": [r.model_dump() for r in s.execute(select(Documento)).scalars()],
        }
    shown = str(rows)
    assert [trace for trace in TRACES if trace.lower() in shown.lower()] == []
    everything = _everything(desk.engine).splitlines()
    assert [line for line in everything if any(trace.lower() in line.lower() for trace in TRACES)] == []
    with read_session(desk.engine) as s:
        checked, problems = verify(s)
    assert checked and problems == []
    assert REMOVED in rows["peticion"]["descripcion"] and "no me atendió" in rows["peticion"]["descripcion"]
    assert not any(f.exists() for f in files)
    assert all(d["ruta"] == "" and d["sha256"] for d in rows["documento"])


def test_open_petitions_past_retention_are_listed_not_erased(desk):
    with write_session(desk.engine) as s:
        old = register(session=s, actor=desk.oficial, unidad=desk.unidad, data={**PERSON, "tipo": "inconformidad"},
                       now=mx(2019, 3, 1))
    now = datetime(2026, 11, 22, tzinfo=UTC)
    with read_session(desk.engine) as s:
        assert [(item.folio, item.estado) for item in stale_open(session=s, years=5, now=now)] == [(old.folio, "registrada")]
    with write_session(desk.engine) as s:
        assert anonymise(session=s, actor=SYSTEM, years=5, now=now) == 0


def test_redaction_catches_the_forms_people_write():
    words = ["Xóchitl", "Prueba", "5512345678", "BADD110313HCMLNS06"]
    assert redact("XOCHITL prueba, tel 55 1234 5678, curp badd110313hcmlns06", words) == (
        f"{REMOVED} {REMOVED}, tel [número], curp {REMOVED}")
    assert redact("La pruebas de laboratorio", words) == "La pruebas de laboratorio"
    assert redact("Otra CURP: GODE561231HDFRRN09 y correo ana@example.mx", words) == (
        f"Otra CURP: {REMOVED} y correo [correo]")


def test_arco_export_finds_the_person_named_in_other_petitions(desk):
    from services.arco import export

    with write_session(desk.engine) as s:
        own = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=PERSON, now=mx(2026, 11, 2))
        other = register(session=s, actor=desk.oficial, unidad=desk.unidad, now=mx(2026, 11, 3),
                         data={"tipo": "sugerencia", "canal": "buzon",
                               "descripcion": "Mi vecina con CURP badd110313hcmlns06 también se queja del trato"})
        register(session=s, actor=desk.oficial, unidad=desk.unidad, now=mx(2026, 11, 4),
                 data={"tipo": "sugerencia", "canal": "buzon", "descripcion": "Más bancas en la sala 100%_"})
    with write_session(desk.engine) as s:
        data = export(session=s, actor=desk.supervisor, curp="BADD110313HCMLNS06")
    assert [item["peticion"]["folio"] for item in data["peticiones"]] == [own.folio]
    assert [item["folio"] for item in data["menciones"]] == [other.folio]
