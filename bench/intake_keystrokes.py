"""Keystrokes and time an officer needs at Nueva petición (F2) for a typical in-person petition, driven by Pilot.

The officer is simulated key by key: every pilot.press counts, from F2 to the folio on screen. They choose tipo
and medio by number (or with Tab over the defaults, --lista tab), type each field of the L3 data, take an
autocompletion with → when the field offers exactly what they were going to type, confirm a value the form filled
in with Enter, write ~300 characters of description, tick the aviso de privacidad and save with Ctrl+S.
Two petitioners: a neighbour of petitioners registered before (same colonia and código postal) and one from a
código postal the desk has never seen.
"""

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 20)
DESCRIPTION = (
    "Acudí el lunes a la farmacia de la clínica por mi medicamento para la presión (losartán de 50 mg) y me "
    "dijeron que no había existencia. Regresé el miércoles y tampoco me lo surtieron. Llevo tres semanas sin "
    "tratamiento y necesito que me lo entreguen o me digan dónde conseguirlo sin costo. Gracias por su atención."
)
NEIGHBOUR = {
    "nombre": "Ximena", "primer_apellido": "Prueba", "segundo_apellido": "Generada", "curp": "BADD110313HCMLNS06",
    "telefono": "55 1234 5678", "correo": "ximena.prueba@correo.example.mx", "calle": "Calle Falsa",
    "numero_exterior": "123",
    "numero_interior": "", "colonia": "Santa Cruz Meyehualco", "codigo_postal": "09290", "municipio": "Iztapalapa",
    "entidad": "Ciudad de México", "servidor_publico": "Q.F.B. Rocío Zúñiga Mora",
}
NEWCOMER = {
    **NEIGHBOUR, "nombre": "Yolanda", "curp": "GOGY800101MDFNNL07", "telefono": "55 8765 4321",
    "correo": "yolanda.generada@correo.example.mx", "colonia": "Toriello Guerra", "codigo_postal": "14050",
    "municipio": "Tlalpan",
}
# Earlier petitions from the neighbour's colonia: the desk has seen that código postal before.
EARLIER = (
    {"nombre": "Irma", "primer_apellido": "Vecina", "colonia": "Santa Cruz Meyehualco", "codigo_postal": "09290",
     "municipio": "Iztapalapa", "entidad": "Ciudad de México", "descripcion": "Pido cita de odontología."},
    {"nombre": "Raúl", "primer_apellido": "Vecino", "colonia": "Santa Cruz Meyehualco", "codigo_postal": "09290",
     "municipio": "Iztapalapa", "entidad": "Ciudad de México", "descripcion": "Falta personal en el archivo."},
)
SCENARIOS = {"vecino": ("CP visto antes", NEIGHBOUR), "nuevo": ("CP nuevo", NEWCOMER)}
LIST_FIELDS = {"tipo": "inconformidad", "canal": "modulo"}


def prepare_database(folder: Path):
    """A demo unit with 300 petitions and two earlier neighbours of the first petitioner."""
    from sqlalchemy import select

    from models import Unidad
    from services.actor import SYSTEM
    from services.calendar import MEXICO_CITY
    from services.database import open_database, write_session
    from services.demo import populate
    from services.intake import register

    engine = open_database(f"sqlite:///{folder / 'bench.sqlite3'}")
    populate(engine, n=300, today=TODAY)
    with write_session(engine) as session:
        unit = session.execute(select(Unidad)).scalars().first()
        for day, data in enumerate(EARLIER, start=9):
            register(session=session, actor=SYSTEM, unidad=unit, data={"tipo": "solicitud_servicio", **data},
                     now=datetime(2026, 11, day, 9, tzinfo=MEXICO_CITY))
    return engine


class Officer:
    """Presses keys one at a time and counts them; text keys and the rest are counted apart."""

    def __init__(self, pilot):
        self.pilot = pilot
        self.app = pilot.app
        self.keys = 0
        self.text_keys = 0

    async def press(self, key: str, *, text: bool = False) -> None:
        await self.pilot.press(key)
        self.keys += 1
        self.text_keys += text

    async def settle(self) -> None:
        await self.app.workers.wait_for_complete()
        await self.pilot.pause()
        await self.app.workers.wait_for_complete()
        await self.pilot.pause()

    async def type(self, text: str) -> None:
        for char in text:
            await self.press(char if char != " " else "space", text=True)

    async def choose(self, field, value: str, strategy: str) -> None:
        """A list (tipo, medio): by its number, then Tab if the form stayed there; or Tab over the default."""
        if strategy == "numero":
            number = next(str(n) for n, wanted in enumerate(field.keyed_values, 1) if wanted == value)
            await self.press(number)
            await self.settle()
            if self.app.focused is field:
                await self.press("tab")
        else:
            await self.press("tab")
        await self.settle()

    async def fill(self, field, value: str) -> None:
        """A one-line field: keep what the form filled in, or type until the completion is the value, then Enter."""
        await self.settle()
        if field.value != value:
            if field.value:
                await self.press("ctrl+a")
                await self.press("ctrl+k")
            for char in value:
                await self.press(char if char != " " else "space", text=True)
                if field.suggester is not None:
                    await self.settle()
                    if field.value != value and field._suggestion == value:
                        await self.press("right")
                        break
        await self.press("enter")
        await self.settle()


async def register_one(app, data: dict, strategy: str) -> dict:
    """Sign in (not counted), then F2 to the folio; returns the figures."""
    async with app.run_test(size=(120, 36)) as pilot:
        officer = Officer(pilot)
        await officer.settle()
        for key in (*"oficial", "enter", *"246810", "enter"):
            await pilot.press(key)
        await officer.settle()
        started = time.perf_counter()
        await officer.press("f2")
        await officer.settle()
        while app.focused is not None and app.focused.id in LIST_FIELDS:
            await officer.choose(app.focused, LIST_FIELDS[app.focused.id], strategy)
        while app.focused is not None and app.focused.id != "descripcion":
            field = app.focused
            wanted = data.get(field.id)
            if wanted is None:
                await officer.press("enter")
                await officer.settle()
                continue
            await officer.fill(field, wanted)
        await officer.type(DESCRIPTION)
        await officer.press("tab")
        await officer.press("space")
        await officer.press("ctrl+s")
        await officer.settle()
        elapsed = time.perf_counter() - started
        return {"guardada": type(app.screen).__name__ == "SavedDialog", "teclas": officer.keys,
                "de_texto": officer.text_keys, "navegacion": officer.keys - officer.text_keys,
                "segundos": round(elapsed, 1), "descripcion_caracteres": len(DESCRIPTION)}


def check_saved(engine, data: dict) -> list[str]:
    """Fields of the newest petition that differ from what the officer meant to register."""
    from sqlalchemy import select

    from models import Peticion
    from models.validators import normalize_phone
    from services.database import read_session

    with read_session(engine) as session:
        row = session.execute(select(Peticion).order_by(Peticion.id.desc())).scalars().first()
    expected = {**data, "telefono": normalize_phone(data["telefono"])}
    wrong = [name for name, value in expected.items() if getattr(row, name) != value]
    return wrong + ([] if row.descripcion == DESCRIPTION else ["descripcion"])


async def run(scenarios: list[str], strategy: str) -> list[dict]:
    from services.calendar import MEXICO_CITY, freeze
    from tui.app import MoadApp
    from tui.context import DeskContext

    freeze(datetime(2026, 11, 20, 10, tzinfo=MEXICO_CITY))
    results = []
    try:
        for name in scenarios:
            label, data = SCENARIOS[name]
            with tempfile.TemporaryDirectory() as folder:
                engine = prepare_database(Path(folder))
                app = MoadApp(DeskContext(engine=engine, data_dir=Path(folder) / "data"))
                figures = await register_one(app, data, strategy)
                figures["campos_distintos"] = check_saved(engine, data) if figures["guardada"] else []
                engine.dispose()
            results.append({"escenario": name, "descripcion": label, "lista": strategy, **figures})
    finally:
        freeze(None)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="una línea JSON por escenario")
    parser.add_argument("--escenario", choices=sorted(SCENARIOS), action="append",
                        help="vecino (CP visto antes) o nuevo (CP nunca visto); por omisión, ambos")
    parser.add_argument("--lista", choices=("numero", "tab"), default="numero",
                        help="tipo y medio con su número (por omisión) o con Tab sobre el valor por omisión")
    args = parser.parse_args()
    results = asyncio.run(run(args.escenario or list(SCENARIOS), args.lista))
    if args.json:
        for result in results:
            print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{'escenario':<16} {'teclas':>6} {'texto':>6} {'navegación':>10} {'segundos':>8}  guardada")
        for r in results:
            print(f"{r['descripcion']:<16} {r['teclas']:>6} {r['de_texto']:>6} {r['navegacion']:>10} "
                  f"{r['segundos']:>8.1f}  {'sí' if r['guardada'] and not r['campos_distintos'] else 'NO'}")
    return 0 if all(r["guardada"] and not r["campos_distintos"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
