"""The detail of the monthly report as a CSV file that Excel opens with accents intact and formulas inert."""

import csv
from collections.abc import Iterable
from pathlib import Path

from services.documents.model import DetailRow
from services.private_files import private_writer

CSV_HEADER = ("Folio", "Fecha de recepción", "Tipo", "Medio de captación", "Área", "Estado", "Problemática",
              "Respuesta", "Solución")
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_detail_csv(rows: Iterable[DetailRow], path: str | Path) -> int:
    """Write the detail to a UTF-8 CSV with BOM that Excel opens with accents intact; return the rows written."""
    count = 0
    with private_writer(path, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(CSV_HEADER)
        for row in rows:
            writer.writerow([_csv_safe(value) for value in (
                row.folio, row.recibida.isoformat(), row.tipo, row.canal, row.area, row.estado, row.problema,
                row.respuesta, row.solucion)])
            count += 1
    return count


def _csv_safe(value: str) -> str:
    # A cell that starts like a formula would run in Excel; a leading apostrophe keeps it as text.
    value = value or ""
    return f"'{value}" if value.startswith(CSV_FORMULA_START) else value
