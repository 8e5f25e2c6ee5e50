"""Bulk import of petitions from a UTF-8 CSV: all rows valid or nothing imported; re-imports add nothing."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time

from pydantic import ValidationError
from sqlalchemy import select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.engine import Engine

from models import Peticion
from models.petition_io import PeticionCreate
from services.actor import Actor
from services.calendar import MEXICO_CITY, now_utc
from services.database import write_session
from services.errors import InvalidInput
from services.intake import get_unit, register_many
from services.messages import spanish_errors

REQUIRED_COLUMNS = ("recibida", "tipo", "canal", "descripcion")
OPTIONAL_COLUMNS = (
    "nombre", "primer_apellido", "segundo_apellido", "curp", "telefono", "correo", "calle", "numero_exterior",
    "numero_interior", "colonia", "codigo_postal", "municipio", "estado", "servidor_publico", "id_externo",
)
MAX_PROBLEMS_SHOWN = 200


@dataclass
class ImportResult:
    """What an import did: the folios made and how many rows were already in the database."""

    folios: list[str] = field(default_factory=list)
    ya_importadas: int = 0


def parse(content: bytes, *, today: date) -> list[tuple[int, PeticionCreate]]:
    """Validate the whole file and return (line, petition) pairs; InvalidInput lists every problem by line."""
    try:
        decoded = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise InvalidInput(f"El archivo no está en UTF-8 (primer error en la línea {line}); guárdelo como «CSV UTF-8».") from None
    if "\x00" in decoded:
        raise InvalidInput("El archivo contiene caracteres nulos; no parece un CSV de texto.")
    reader = csv.DictReader(io.StringIO(decoded, newline=""))
    _check_header(reader.fieldnames)
    problems, items, seen = [], [], {}
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(f"línea {reader.line_num}: el CSV está mal formado ({error})")
            break
        line = reader.line_num
        if None in record or any(value is None for value in record.values()):
            problems.append(f"línea {line}: el número de columnas no coincide con el encabezado")
            continue
        try:
            item = _to_petition(record, today)
        except InvalidInput as error:
            problems.append(f"línea {line}: {error}")
            continue
        if item.id_externo:
            key = (item.canal.value, item.id_externo)
            if key in seen:
                problems.append(f"línea {line}: repite canal e id_externo de la línea {seen[key]}")
                continue
            seen[key] = line
        items.append((line, item))
    if problems:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        tail = [f"… y {more} problemas más"] if more else []
        raise InvalidInput("No se importó nada; corrija el archivo:\n" + "\n".join(shown + tail))
    if not items:
        raise InvalidInput("El archivo no tiene filas que importar.")
    return items


def _check_header(fieldnames) -> None:
    if not fieldnames:
        raise InvalidInput("El archivo está vacío o no tiene encabezado.")
    names = [name.strip() for name in fieldnames]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    unknown = [c for c in names if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    problems = []
    if missing:
        problems.append("faltan las columnas: " + ", ".join(missing))
    if unknown:
        problems.append("columnas desconocidas: " + ", ".join(unknown))
    if len(set(names)) != len(names):
        problems.append("hay columnas repetidas en el encabezado")
    if problems:
        raise InvalidInput("línea 1: " + "; ".join(problems))


def _received(value: str, today: date) -> datetime:
    value = value.strip()
    try:
        moment = datetime.fromisoformat(value) if "T" in value or " " in value else datetime.combine(date.fromisoformat(value), time())
    except ValueError:
        raise InvalidInput(f"fecha de recepción: «{value}» no es una fecha válida (AAAA-MM-DD o AAAA-MM-DDTHH:MM)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=MEXICO_CITY)
    if moment.astimezone(MEXICO_CITY).date() > today:
        raise InvalidInput("fecha de recepción: es posterior a hoy")
    if moment.year < 2000:
        raise InvalidInput("fecha de recepción: es anterior al año 2000")
    return moment


def _to_petition(record: dict, today: date) -> PeticionCreate:
    values = {key.strip(): (value or "") for key, value in record.items()}
    data = {name: values.get(name, "") for name in OPTIONAL_COLUMNS if name != "estado"}
    data.update(entidad=values.get("estado", ""), tipo=values["tipo"].strip(), canal=values["canal"].strip(),
                descripcion=values["descripcion"], recibida_en=_received(values["recibida"], today),
                aviso_privacidad=False)
    try:
        return PeticionCreate.model_validate(data)
    except ValidationError as error:
        raise InvalidInput("; ".join(spanish_errors(error))) from None


def import_rows(engine: Engine, *, actor: Actor, items: list[PeticionCreate], unidad_clave: str | None) -> ImportResult:
    """Register the rows not yet in the database, in one transaction; retried once if another import raced it."""
    for attempt in range(3):
        try:
            with write_session(engine) as session:
                unit = get_unit(session, unidad_clave)
                fresh, known = _without_known(session, items)
                folios = register_many(session=session, actor=actor, unidad=unit, items=fresh, now=now_utc())
            return ImportResult(folios=folios, ya_importadas=known)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _without_known(session, items: list[PeticionCreate]) -> tuple[list[PeticionCreate], int]:
    keys = [(i.canal.value, i.id_externo) for i in items if i.id_externo]
    known: set[tuple[str, str]] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        rows = session.execute(
            select(Peticion.canal, Peticion.id_externo).where(tuple_(Peticion.canal, Peticion.id_externo).in_(chunk))
        ).all()
        known.update((canal, external) for canal, external in rows)
    fresh = [i for i in items if not i.id_externo or (i.canal.value, i.id_externo) not in known]
    return fresh, len(items) - len(fresh)
