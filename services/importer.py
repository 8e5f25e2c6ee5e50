"""Bulk import of petitions from a UTF-8 CSV: all rows valid or nothing imported; re-imports add nothing."""

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, TextIO

from pydantic import ValidationError
from sqlalchemy import Column, Integer, MetaData, String, Table
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from models import Peticion
from models.petition_io import PeticionCreate
from models.search_index import indexed_at_end
from services.actor import Actor, require
from services.calendar import MEXICO_CITY, now_utc
from services.catalogs.units import get_unit
from services.collection import paused_steps
from services.database import write_session
from services.dates import read_day_or_moment
from services.errors import InvalidInput
from services.intake import register_many
from services.messages import spanish_errors

REQUIRED_COLUMNS = ("recibida", "tipo", "canal", "descripcion")
OPTIONAL_COLUMNS = (
    "nombre", "primer_apellido", "segundo_apellido", "curp", "telefono", "correo", "calle", "numero_exterior",
    "numero_interior", "colonia", "codigo_postal", "municipio", "estado", "servidor_publico", "id_externo",
)
MAX_PROBLEMS_SHOWN = 200
# Rows validated and written per step: big enough that a chunk is a handful of statements, small enough that
# the memory it holds (rows, events, their hashes) stays a few megabytes whatever the file's size.
CHUNK_ROWS = 2_000
_LOOKUP = 500  # keys per IN (…) lookup, well under every backend's limit on bound parameters

Progress = Callable[[int, float], None]


@dataclass
class ImportResult:
    """What an import did: how many petitions it made (their folios, in file order) and how many were already there."""

    importadas: int = 0
    ya_importadas: int = 0
    _folios: TextIO | None = field(default=None, repr=False)
    _made: list[str] = field(default_factory=list, repr=False)

    @property
    def folios(self) -> list[str]:
        """The folios made, in the order of the file's rows."""
        if self._folios is None:
            return list(self._made)
        self._folios.seek(0)
        return self._folios.read().splitlines()

    def write_folios(self, out: TextIO) -> None:
        """Copy the folios to `out`, one per line, without holding them all in memory."""
        if self._folios is None:
            out.writelines(f"{folio}\n" for folio in self._made)
            return
        self._folios.seek(0)
        while block := self._folios.read(1 << 16):
            out.write(block)


class _Problems:
    """The file's problems in line order: the first MAX_PROBLEMS_SHOWN kept, the rest only counted."""

    def __init__(self):
        self.shown: list[str] = []
        self.count = 0

    def add(self, found: list[tuple[int, str]]) -> None:
        for line, message in sorted(found):
            self.count += 1
            if len(self.shown) < MAX_PROBLEMS_SHOWN:
                self.shown.append(f"línea {line}: {message}")

    def error(self) -> InvalidInput:
        more = self.count - len(self.shown)
        tail = [f"… y {more} problemas más"] if more else []
        return InvalidInput("No se importó nada; corrija el archivo:\n" + "\n".join(self.shown + tail))


def import_file(
    engine: Engine, path: Path, *, actor: Actor, unidad_clave: str | None, today: date,
    chunk: int = CHUNK_ROWS, progress: Progress | None = None,
) -> ImportResult:
    """Stream the CSV and register its new rows chunk by chunk in one transaction; any bad row writes nothing."""
    for attempt in range(3):
        try:
            with path.open("rb") as source:
                return _import_once(engine, source, actor=actor, unidad_clave=unidad_clave, today=today,
                                    chunk=chunk, progress=progress)
        except IntegrityError:
            # Another desk imported one of these rows between our lookup and our insert: look again.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _import_once(engine, source: BinaryIO, *, actor, unidad_clave, today, chunk, progress) -> ImportResult:
    require(actor, "registrar")
    size = os.fstat(source.fileno()).st_size or 1
    problems, now = _Problems(), now_utc()
    # Not a with block: the file outlives this function inside the ImportResult, and is closed here only on error.
    folios = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
    made = known = rows = 0
    try:
        # Each chunk's tens of thousands of fresh objects hold no cycle: the collector runs between chunks only.
        with (write_session(engine) as session, indexed_at_end(session.connection()),
              closing(paused_steps(_blocks(source, today, chunk))) as steps):
            unit = get_unit(session=session, clave=unidad_clave)
            keys = _FileKeys(session)
            for block, found, rows in steps:
                block = keys.first_of_each(block, found)
                problems.add(found)
                if problems.count:
                    # Nothing will be written: keep reading only to list every bad line.
                    continue
                fresh, repeated = _without_known(session, block)
                known += repeated
                for folio in register_many(session=session, actor=actor, unidad=unit, items=fresh, now=now):
                    folios.write(folio + "\n")
                if _doubled(made, made + len(fresh)):
                    _refresh_statistics(session, keys.table.name)
                made += len(fresh)
                if progress:
                    progress(rows, min(source.tell() / size, 1.0))
            if problems.count:
                raise problems.error()
            if not rows:
                raise InvalidInput("El archivo no tiene filas que importar.")
            keys.drop()
    except BaseException:
        folios.close()
        raise
    return ImportResult(importadas=made, ya_importadas=known, _folios=folios)


class _FileKeys:
    """The file's (canal, id_externo) keys seen so far, in a temporary table so that memory does not grow with the file."""

    def __init__(self, session):
        self.connection = session.connection()
        self.table = Table("moad_importacion_clave", MetaData(), Column("canal", String, primary_key=True),
                           Column("id_externo", String, primary_key=True), Column("linea", Integer),
                           prefixes=["TEMPORARY"])
        # Created inside the import's transaction: a rollback removes it too.
        self.table.create(self.connection)

    def first_of_each(self, block: list[tuple[int, PeticionCreate]], found: list) -> list[PeticionCreate]:
        """The rows whose key the file has not used yet; each repeat is added to `found` with the first line."""
        first = self._lines([(item.canal.value, item.id_externo) for _, item in block if item.id_externo])
        earlier = set(first)
        kept = []
        for line, item in block:
            if item.id_externo:
                key = (item.canal.value, item.id_externo)
                if key in first:
                    found.append((line, f"repite canal e id_externo de la línea {first[key]}"))
                    continue
                first[key] = line
            kept.append(item)
        new = [dict(canal=canal, id_externo=external, linea=line)
               for (canal, external), line in first.items() if (canal, external) not in earlier]
        if new:
            self.connection.execute(self.table.insert(), new)
        return kept

    def _lines(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        columns = self.table.c
        lines: dict[tuple[str, str], int] = {}
        for canal, externals in _by_canal(keys):
            statement = select(columns.canal, columns.id_externo, columns.linea).where(
                columns.canal == canal, columns.id_externo.in_(externals))
            lines.update(((canal, external), line) for canal, external, line in self.connection.execute(statement))
        return lines

    def drop(self) -> None:
        """Drop the table before the commit (SQLite would otherwise keep it for the pooled connection)."""
        self.table.drop(self.connection)


def _blocks(source: BinaryIO, today: date, chunk: int) -> Iterator[tuple[list, list, int]]:
    """Up to `chunk` valid (line, petition) pairs at a time, with the problems of those lines and the rows read so far."""
    reader = csv.DictReader(_text_lines(source))
    _check_header(reader.fieldnames)
    block, found, rows = [], [], 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            found.append((reader.line_num, f"el CSV está mal formado ({error})"))
            break
        rows += 1
        line = reader.line_num
        if None in record or None in record.values():
            found.append((line, "el número de columnas no coincide con el encabezado"))
        else:
            try:
                block.append((line, _to_petition(record, today)))
            except InvalidInput as error:
                found.append((line, str(error)))
        if len(block) + len(found) >= chunk:
            yield block, found, rows
            block, found = [], []
    if block or found or not rows:
        yield block, found, rows


def _text_lines(source: BinaryIO) -> Iterator[str]:
    """The file's lines decoded as UTF-8 (a BOM dropped); a bad byte or a NUL stops everything with its line."""
    text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    try:
        for line in text:
            if "\x00" in line:
                raise InvalidInput("El archivo contiene caracteres nulos; no parece un CSV de texto.")
            yield line
    except UnicodeDecodeError:
        source.seek(0)
        raise InvalidInput(f"El archivo no está en UTF-8 (primer error en la línea {_first_bad_line(source)}); "
                           "guárdelo como «CSV UTF-8».") from None
    finally:
        # The caller owns the file: leave it open when the wrapper goes away.
        text.detach()


def _first_bad_line(source: BinaryIO) -> int:
    # A newline byte never occurs inside a UTF-8 sequence, so each line can be decoded on its own.
    number = 1
    for number, raw in enumerate(source, start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return number
    return number


def parse(content: bytes, *, today: date) -> list[tuple[int, PeticionCreate]]:
    """Validate a small file held in memory and return (line, petition) pairs; InvalidInput lists every problem."""
    problems, items = _Problems(), []
    seen: dict[tuple[str, str], int] = {}
    for block, found, _ in _blocks(io.BytesIO(content), today, CHUNK_ROWS):
        for line, item in block:
            key = (item.canal.value, item.id_externo)
            if item.id_externo and key in seen:
                found.append((line, f"repite canal e id_externo de la línea {seen[key]}"))
                continue
            seen.setdefault(key, line)
            items.append((line, item))
        problems.add(found)
    if problems.count:
        raise problems.error()
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
        moment = read_day_or_moment(value) or datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"fecha de recepción: «{value}» no es una fecha válida (dd/mm/aaaa, dd/mm/aaaa hh:mm, "
                           "AAAA-MM-DD o AAAA-MM-DDTHH:MM)") from None
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
    """Register already parsed rows not yet in the database, in one transaction (small files; see import_file)."""
    for attempt in range(3):
        try:
            with write_session(engine) as session:
                unit = get_unit(session=session, clave=unidad_clave)
                fresh, known = _without_known(session, items)
                folios = register_many(session=session, actor=actor, unidad=unit, items=fresh, now=now_utc())
            return ImportResult(importadas=len(folios), ya_importadas=known, _made=folios)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _by_canal(keys: list[tuple[str, str]]):
    """The keys as (canal, up to _LOOKUP ids) groups: «canal = c AND id IN (…)» is one range of the unique index on
    both, where a list of (canal, id) pairs made PostgreSQL plan one index scan per pair (or a scan of the table)."""
    ids: dict[str, list[str]] = {}
    for canal, external in keys:
        ids.setdefault(canal, []).append(external)
    for canal, externals in ids.items():
        for start in range(0, len(externals), _LOOKUP):
            yield canal, externals[start:start + _LOOKUP]


def _doubled(before: int, after: int) -> bool:
    """True when the rows written crossed the next power of two from 1,024 on."""
    return after >= 1024 and (before < 1024 or after.bit_length() > before.bit_length())


def _refresh_statistics(session, key_table: str) -> None:
    """On PostgreSQL, ANALYZE the tables the import grows, so its lookups keep using their indexes."""
    # Statistics do not see rows this transaction wrote until an ANALYZE in it counts them: without one the planner
    # takes the growing tables for empty and scans them whole for every chunk, which made an import quadratic.
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        for table in ("peticion", "evento", "accionpendiente", key_table):
            connection.exec_driver_sql(f"ANALYZE {table}")


def _without_known(session, items: list[PeticionCreate]) -> tuple[list[PeticionCreate], int]:
    keys = [(i.canal.value, i.id_externo) for i in items if i.id_externo]
    known: set[tuple[str, str]] = set()
    for canal, externals in _by_canal(keys):
        rows = session.execute(select(Peticion.canal, col(Peticion.id_externo))
                               .where(Peticion.canal == canal, col(Peticion.id_externo).in_(externals))).all()
        known.update((canal, external) for canal, external in rows)
    fresh = [i for i in items if not i.id_externo or (i.canal.value, i.id_externo) not in known]
    return fresh, len(items) - len(fresh)
