"""Time the Anexo 1 render for a month of generated petitions (default 5,000) and print the median and page count."""

import argparse
import io
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.documents.model import AreaCompliance, DetailRow, MonthlyReportData, UnitInfo, UrgentCase
from services.documents.monthly_report import render_monthly_report

TIPOS = ("Inconformidad", "Reconocimiento", "Sugerencia", "Solicitud de servicio", "Orientación")
CANALES = ("Módulo", "Buzón", "Teléfono (ISSSTE-Tel)", "Correo electrónico", "Facebook", "Twitter/X",
           "Presidencia (SIDAC)", "GOB.MX")
AREAS = ("Urgencias adultos", "Consulta externa", "Farmacia", "Laboratorio clínico", "Trabajo social",
         "Archivo clínico", "Ortopedia y traumatología", "Ginecología y obstetricia", "Pediatría",
         "Subdirección administrativa")
ESTADOS = ("Canalizada", "Primer recordatorio", "Respondida", "Notificada", "En resguardo", "Concluida")
PROBLEMS = ("No había medicamento para la diabetes en farmacia y me pidieron regresar la próxima semana.",
            "Esperé más de cuatro horas en urgencias con mi mamá de 78 años sin que nadie nos informara nada.",
            "La cita de ortopedia se reprogramó tres veces; ¿cuándo me atenderán? Necesito la valoración.",
            "Felicito al personal de enfermería del tercer piso por su trato amable y profesional.",
            "Solicito copia de mi expediente clínico para un trámite de pensión ante el Instituto.")
ANSWERS = ("Se surtió la receta el día siguiente y se ajustó el abasto del almacén.",
           "Se habló con la jefatura del servicio; se reforzó el triage y la información a familiares.",
           "Se asignó cita definitiva y se confirmó por teléfono con el derechohabiente.", "")


def build_data(rows: int, seed: int = 7) -> MonthlyReportData:
    """A month of generated (not real) petitions with realistic spread of types, channels and areas."""
    rng = random.Random(seed)
    detail = [_detail_row(rng, index) for index in range(rows)]
    por_tipo_canal: dict[tuple[str, str], int] = {}
    por_area: dict[str, int] = {}
    por_estado: dict[str, int] = {}
    for row in detail:
        por_tipo_canal[(row.tipo, row.canal)] = por_tipo_canal.get((row.tipo, row.canal), 0) + 1
        por_area[row.area] = por_area.get(row.area, 0) + 1
        por_estado[row.estado] = por_estado.get(row.estado, 0) + 1
    unit = UnitInfo(clave="DF-HR-0042", nombre="Hospital Regional de Prueba «Lic. Ejemplo»",
                    domicilio="Av. Universidad 1321, Col. Florida, C.P. 01030, Ciudad de México",
                    director_nombre="Dra. Begoña Ibáñez Prueba", director_cargo="Directora",
                    director_telefono="55 5322 0000")
    return MonthlyReportData(
        unit=unit, year=2026, month=11, generado=datetime(2026, 12, 2, 17, 0, tzinfo=UTC),
        por_tipo_canal=por_tipo_canal, por_area=tuple(sorted(por_area.items(), key=lambda i: -i[1])),
        por_estado=tuple(sorted(por_estado.items())),
        cumplimiento=tuple(AreaCompliance(area=a, enlace=f"Enlace {i} Prueba",
                                          termino="Seguimiento del área (L5, 3 d.h.)",
                                          total=n, en_plazo=int(n * rng.uniform(0.5, 1)),
                                          promedio_dias=round(rng.uniform(1, 5), 1), peor_dias=rng.randint(3, 15))
                           for i, (a, n) in enumerate(sorted(por_area.items()))),
        urgentes=tuple(UrgentCase(folio=f"2026-0042-{i:06d}", categoria="Código infarto",
                                  recibida=datetime(2026, 11, 3 + i, 15, 0, tzinfo=UTC),
                                  alertado="Jefatura de urgencias", minutos_a_alerta=rng.randint(1, 30))
                       for i in range(8)),
        tendencia=tuple((f"{2025 + (m + 10) // 12}-{(m + 10) % 12 + 1:02d}", rng.randint(rows // 2, rows))
                        for m in range(12)),
        detalle=detail, entrega_limite=date(2026, 12, 14), satisfaccion=((1, 20), (2, 35), (3, 120), (4, 400), (5, 610)),
    )


def _detail_row(rng: random.Random, index: int) -> DetailRow:
    problem = " ".join(rng.choice(PROBLEMS) for _ in range(rng.randint(1, 4)))
    return DetailRow(folio=f"2026-0042-{index:06d}", recibida=date(2026, 11, 1) + timedelta(days=index % 30),
                     tipo=rng.choice(TIPOS), canal=rng.choice(CANALES), area=rng.choice(AREAS),
                     estado=rng.choice(ESTADOS), problema=problem, respuesta=rng.choice(ANSWERS),
                     solucion=rng.choice(ANSWERS))


def main() -> None:
    """Render the report three times (by default) and print the median time and the page count."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, help="also write the PDF here")
    args = parser.parse_args()
    data = build_data(args.rows)
    times = []
    pdf = b""
    for _ in range(args.repeat):
        start = time.perf_counter()
        pdf = render_monthly_report(data)
        times.append(time.perf_counter() - start)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    if args.out:
        args.out.write_bytes(pdf)
    print(f"Anexo 1 con {args.rows:,} peticiones: mediana {statistics.median(times):.2f} s "
          f"(muestras {', '.join(f'{t:.2f}' for t in times)}), {pages} hojas, {len(pdf) / 1024:,.0f} KiB")


if __name__ == "__main__":
    main()
