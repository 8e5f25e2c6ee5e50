"""Generated sample data the document tests render, and reading a PDF back as text."""

import io
from datetime import UTC, datetime

from pypdf import PdfReader

from services.documents.model import AreaInfo, UnitInfo

HOSTILE = "<b>x</b> & [bold red]y[/]"
UNIT = UnitInfo(clave="DF-HR-0042", nombre="Hospital Regional de Prueba «Lic. Ejemplo Ñúñez»",
                domicilio="Av. Ficticia 123, Col. Inventada, C.P. 01030, Ciudad de México",
                director_nombre="Dra. Begoña Ibáñez Prueba", director_cargo="Directora del Hospital Regional",
                director_telefono="55 5000 0000 ext. 12345")
AREA = AreaInfo(nombre="Servicio de Urgencias Adultos", enlace_nombre="Lic. José Ángel Muñoz Ejemplo",
                enlace_correo="enlace@ejemplo.invalid", enlace_telefono="55 1111 2222",
                superior_nombre="Dr. Íñigo Peña Ficticio", superior_cargo="Subdirector Médico",
                superior_correo="superior@ejemplo.invalid")
PETITIONER = "María Fernanda Ñúñez Prueba"
SENTENCE = "¿Por qué nadie atiende? ¡Llevo cuatro horas esperando en urgencias con mi mamá, señora de 78 años! "
LONG_TEXT = (SENTENCE * 60)[:3900] + " Fin de la descripción: solicito atención inmediata."


def utc(*parts: int) -> datetime:
    """A UTC moment, as the database hands them over."""
    return datetime(*parts, tzinfo=UTC)


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text with whitespace collapsed, so wrapped lines read as one."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def all_text(pdf: bytes) -> str:
    """The whole document's text with whitespace collapsed."""
    return " ".join(pages_text(pdf))
