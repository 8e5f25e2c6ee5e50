"""`moad reporte mensual` and `moad reporte enviado` as a person runs them, on SQLite and PostgreSQL."""

import csv
from datetime import date

from pypdf import PdfReader
from sqlalchemy import select

from models import ReporteMensual
from services.database import open_database, read_session
from services.demo import populate
from tests.cli_runner import moad


def _stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if not line.startswith("Base de datos")]


def test_monthly_report_writes_pdf_and_csv_then_is_marked_sent(db_url, tmp_path):
    engine = open_database(db_url)
    populate(engine, n=1500, today=date(2026, 11, 20))
    engine.dispose()
    pdf, sheet = tmp_path / "salida" / "anexo1 octubre.pdf", tmp_path / "anexo1.csv"
    result = moad("reporte", "mensual", "--mes", "2026-10", "--salida", str(pdf), "--csv", str(sheet), db=db_url,
                  user="supervisor")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{pdf}\n{sheet}\n"
    with sheet.open(encoding="utf-8-sig", newline="") as handle:
        rows = len(list(csv.reader(handle))) - 1
    assert rows > 100
    assert _stderr_lines(result)[0].startswith(f"Informe de 10/2026: {rows:,} peticiones en ")
    first = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert "octubre de 2026" in first and f"Se recibieron {rows:,} peticiones" in first
    engine = open_database(db_url)
    with read_session(engine) as session:
        stored = session.execute(select(ReporteMensual.ancla_eventos, ReporteMensual.ancla_hash)
                                 .where(ReporteMensual.anio == 2026, ReporteMensual.mes == 10)).one()
    engine.dispose()
    printed = first.replace(" ", "")
    assert stored.ancla_eventos > 0 and stored.ancla_hash in printed, "the stored anchor is the one printed"
    unwritable = moad("reporte", "mensual", "--mes", "2026-10", "--salida", str(tmp_path), db=db_url, user="supervisor")
    assert (unwritable.returncode, unwritable.stdout) == (2, "")
    assert _stderr_lines(unwritable) == [f"moad: «{tmp_path}» es una carpeta; escriba la ruta completa del archivo que "
                                         "se va a crear en ella."]
    sent = moad("reporte", "enviado", "--mes", "2026-10", db=db_url, user="supervisor")
    assert (sent.returncode, _stderr_lines(sent)) == (0, ["Informe de 10/2026 marcado como enviado a la SAD."])
    again = moad("reporte", "enviado", "--mes", "2026-10", db=db_url, user="supervisor")
    assert again.returncode == 2 and len(_stderr_lines(again)) == 1
    assert "ya se marcó como enviado a la SAD" in again.stderr
    missing = moad("reporte", "enviado", "--mes", "2026-11", db=db_url, user="supervisor")
    assert missing.returncode == 2 and "El informe de noviembre de 2026 aún no se ha generado" in missing.stderr


def test_bad_month_is_one_spanish_line_and_exit_2(tmp_path):
    for month in ("2026-13", "octubre", "2026-00"):
        result = moad("reporte", "mensual", "--mes", month, "--salida", str(tmp_path / "x.pdf"),
                      db=f"sqlite:///{tmp_path / 'cli.sqlite3'}")
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr.splitlines() == [
            f"moad: «{month}» no es un mes válido (use mm/aaaa o AAAA-MM, por ejemplo 10/2026)."]
        assert not (tmp_path / "x.pdf").exists()
