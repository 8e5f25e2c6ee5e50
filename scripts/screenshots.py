"""Screenshots for docs/guia-de-uso.md, taken from the app itself on a demo database with a fixed clock.

Run from the repository: `.venv/bin/python scripts/screenshots.py` (writes docs/img/*.svg). Everything shown is
generated demo data; the clock is frozen on Friday 20 November 2026 at 10:00 (Mexico City).
"""

import argparse
import asyncio
import shutil
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 20)
PETITIONER = (
    ("nombre", "Ximena"), ("primer_apellido", "Prueba"), ("segundo_apellido", "Generada"),
    ("curp", "BADD110313HCMLNS06"), ("telefono", "55 1234 5678"), ("correo", "ximena.prueba@correo.example.mx"),
    ("calle", "Calle Falsa"), ("numero_exterior", "123"), ("numero_interior", ""),
    ("colonia", "Santa Cruz Meyehualco"), ("codigo_postal", "09290"), ("municipio", "Iztapalapa"),
    ("entidad", "Ciudad de México"), ("servidor_publico", ""),
)
DESCRIPTION = ("Llevo tres semanas sin mi medicamento para la presión; en farmacia dicen que no hay existencia. "
               "Pido que me lo surtan o me digan dónde conseguirlo.")
NEIGHBOUR = {"tipo": "solicitud_servicio", "descripcion": "Pido cita de odontología.", "nombre": "Irma",
             "primer_apellido": "Vecina", "colonia": "Santa Cruz Meyehualco", "codigo_postal": "09290",
             "municipio": "Iztapalapa", "entidad": "Ciudad de México"}


def prepare(folder: Path):
    """A demo unit with 300 petitions and a neighbour of the petitioner registered earlier this month."""
    from sqlalchemy import select

    from models import Unidad
    from services.actor import SYSTEM
    from services.calendar import MEXICO_CITY
    from services.database import open_database, write_session
    from services.demo import populate
    from services.intake import register

    engine = open_database(f"sqlite:///{folder / 'guia.sqlite3'}")
    populate(engine, n=300, today=TODAY)
    with write_session(engine) as session:
        unit = session.execute(select(Unidad)).scalars().first()
        register(session=session, actor=SYSTEM, unidad=unit, data=NEIGHBOUR,
                 now=datetime(2026, 11, 9, 9, tzinfo=MEXICO_CITY))
    return engine


class Camera:
    """Drives one app session with Pilot and writes what the terminal shows as SVG files."""

    def __init__(self, pilot, folder: Path):
        self.pilot, self.app, self.folder = pilot, pilot.app, folder
        self.saved: list[Path] = []

    async def settle(self) -> None:
        for _ in range(2):
            await self.app.workers.wait_for_complete()
            await self.pilot.pause()

    async def keys(self, *keys: str) -> None:
        for key in keys:
            await self.pilot.press(key)
        await self.settle()

    async def type(self, text: str) -> None:
        await self.keys(*[char if char != " " else "space" for char in text])

    async def sign_in(self, usuario: str) -> None:
        await self.settle()
        await self.type(usuario)
        await self.keys("enter")
        await self.type("246810")
        await self.keys("enter")

    def shot(self, name: str, title: str) -> None:
        path = self.folder / f"{name}.svg"
        path.write_text(self.app.export_screenshot(title=f"MOAD Desk — {title}"), encoding="utf-8")
        self.saved.append(path)


async def officer_morning(camera: Camera) -> str:
    """Home, a registration key by key, the folio, the queue, the expediente, routing, pendientes and buzones."""
    await camera.sign_in("oficial")
    camera.shot("inicio", "Inicio")
    await camera.keys("f2", "1", "1")
    for name, value in PETITIONER:
        field = camera.app.focused
        assert field.id == name, (field.id, name)
        if name == "municipio":
            camera.shot("nueva-peticion", "Nueva petición")
        if field.value != value:
            for char in value:
                await camera.type(char)
                if field.suggester is not None and field._suggestion == value:
                    await camera.keys("right")
                    break
        await camera.keys("enter")
    await camera.type(DESCRIPTION)
    await camera.keys("tab", "space", "ctrl+s")
    camera.shot("folio", "Petición registrada")
    folio = camera.app.screen.folio
    await camera.keys("escape", "f3")
    camera.shot("bandeja", "Bandeja")
    camera.app.open_expediente(folio)
    await camera.settle()
    camera.shot("expediente", "Expediente")
    await camera.keys("a", "f")
    camera.shot("canalizar", "Canalizar")
    await camera.keys("enter")
    await camera.keys("escape", "escape", "f4")
    camera.shot("pendientes", "Pendientes")
    await camera.keys("escape", "f5")
    camera.shot("buzones", "Buzones")
    return folio


async def director_signs(camera: Camera, folio: str) -> None:
    """The director reviews the área's answer before signing it, then generates the monthly report."""
    await camera.sign_in("director")
    camera.app.open_expediente(folio)
    await camera.settle()
    await camera.keys("f")
    camera.shot("firmar", "Revisar y firmar la respuesta")
    await camera.keys("escape", "escape", "f6", "ctrl+g")
    camera.shot("reportes", "Informe mensual")


def record_answer(engine, folio: str) -> None:
    """The área's answer as an officer would record it, so the director has something to sign."""
    from services.actor import SYSTEM
    from services.answers import record_answer as record
    from services.calendar import MEXICO_CITY
    from services.database import write_session

    with write_session(engine) as session:
        record(session=session, actor=SYSTEM, folio=folio, now=datetime(2026, 11, 20, 10, tzinfo=MEXICO_CITY),
               texto="Se surtió el losartán de 50 mg el 20/11/2026; la farmacia recibió el abasto del mes.",
               solucion="Medicamento entregado en ventanilla 3.", firmante_nombre="Juan Martínez Morales",
               firmante_cargo="Enlace de Farmacia", firmante_telefono="5550003100")


async def run(folder: Path, size: tuple[int, int], work: Path) -> list[Path]:
    from services.calendar import MEXICO_CITY, freeze
    from tui.app import MoadApp
    from tui.context import DeskContext

    freeze(datetime(2026, 11, 20, 10, tzinfo=MEXICO_CITY))
    try:
        engine = prepare(work)
        saved: list[Path] = []
        app = MoadApp(DeskContext(engine=engine, data_dir=work / "datos"))
        async with app.run_test(size=size) as pilot:
            camera = Camera(pilot, folder)
            folio = await officer_morning(camera)
            saved += camera.saved
        record_answer(engine, folio)
        app = MoadApp(DeskContext(engine=engine, data_dir=work / "datos"))
        async with app.run_test(size=size) as pilot:
            camera = Camera(pilot, folder)
            await director_signs(camera, folio)
            saved += camera.saved
        engine.dispose()
        return saved
    finally:
        freeze(None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salida", type=Path, default=ROOT / "docs" / "img", help="carpeta de las imágenes SVG")
    parser.add_argument("--ancho", type=int, default=80, help="columnas (80: la terminal más chica en que se trabaja)")
    parser.add_argument("--alto", type=int, default=24)
    args = parser.parse_args()
    args.salida.mkdir(parents=True, exist_ok=True)
    # A fixed working folder: the report's path shown on screen is then the same on every run.
    work = Path(tempfile.gettempdir()) / "moad-guia"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        saved = asyncio.run(run(args.salida, (args.ancho, args.alto), work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for path in saved:
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
