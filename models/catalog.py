"""Catalog tables: units, areas with their enlaces, users, buzones, días inhábiles and terms."""

from datetime import date, datetime

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime


class Unidad(SQLModel, table=True):
    """A service unit (clínica, hospital, estancia…) whose MOAD registers petitions."""

    id: int = Field(default=None, primary_key=True)
    clave: str = Field(unique=True, max_length=20)
    nombre: str
    tipo: str = "Clínica de medicina familiar"
    domicilio: str = ""
    lugar: str = "Ciudad de México"
    director_nombre: str = ""
    director_cargo: str = "Director de la unidad"
    director_telefono: str = ""


class Area(SQLModel, table=True):
    """An administrative or medical area petitions are routed to, with its enlace and superior."""

    id: int = Field(default=None, primary_key=True)
    unidad_id: int = Field(foreign_key="unidad.id", index=True)
    nombre: str
    enlace_nombre: str = ""
    enlace_correo: str = ""
    enlace_telefono: str = ""
    superior_nombre: str = ""
    superior_cargo: str = ""
    superior_correo: str = ""
    activa: bool = True


class Usuario(SQLModel, table=True):
    """A person who signs in to the desk, with one role."""

    id: int = Field(default=None, primary_key=True)
    unidad_id: int | None = Field(default=None, foreign_key="unidad.id")
    usuario: str = Field(unique=True, max_length=40)
    nombre: str
    rol: str
    pin_hash: str = ""
    activo: bool = True
    intentos_fallidos: int = 0
    tema: str = ""
    bloqueado_hasta: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))


class Buzon(SQLModel, table=True):
    """A suggestion box (buzón de opinión) installed in a unit."""

    id: int = Field(default=None, primary_key=True)
    unidad_id: int = Field(foreign_key="unidad.id", index=True)
    clave: str
    ubicacion: str
    activo: bool = True
    # The first day L1's weekly minimum applies: every week from the Monday on or after it is owed two collections.
    instalado_en: date | None = None


class BajaBuzon(SQLModel, table=True):
    """A span when a buzón was out of service (taken out, later perhaps put back): its weeks owe no collections."""

    id: int = Field(default=None, primary_key=True)
    buzon_id: int = Field(foreign_key="buzon.id", index=True)
    desde: date
    hasta: date | None = None


class Recoleccion(SQLModel, table=True):
    """One collection of a buzón's sheets (L1 asks for at least two per week)."""

    id: int = Field(default=None, primary_key=True)
    buzon_id: int = Field(foreign_key="buzon.id", index=True)
    recolectada_en: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    hojas_declaradas: int
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id")


class DiaInhabil(SQLModel, table=True):
    """A non-business day declared by the administrator (DOF), on top of the statutory holidays."""

    id: int = Field(default=None, primary_key=True)
    fecha: date = Field(unique=True)
    motivo: str
    fundamento: str = ""
    creado_por: int | None = Field(default=None, foreign_key="usuario.id")
    creado_en: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class Termino(SQLModel, table=True):
    """A term in business days for one clock, overriding the default for one tipo (or all when tipo is empty)."""

    __table_args__ = (UniqueConstraint("tipo", "reloj"),)
    id: int = Field(default=None, primary_key=True)
    tipo: str = ""
    reloj: str
    dias: int


class Consecutivo(SQLModel, table=True):
    """The last number handed out for a series (folios, oficios) per unit and year."""

    unidad_id: int = Field(foreign_key="unidad.id", primary_key=True)
    anio: int = Field(primary_key=True)
    serie: str = Field(primary_key=True, max_length=20)
    ultimo: int = 0


class ReporteMensual(SQLModel, table=True):
    """The monthly Anexo 1 report of a unit: when it was generated and sent (L17)."""

    __table_args__ = (UniqueConstraint("unidad_id", "anio", "mes"),)
    id: int = Field(default=None, primary_key=True)
    unidad_id: int = Field(foreign_key="unidad.id")
    anio: int
    mes: int
    generado_en: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    enviado_en: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    archivo: str = ""
    # The event chain's head printed on the report (hash of its last event and how many it held), as sent to the SAD.
    ancla_hash: str = Field(default="", max_length=64)
    ancla_eventos: int = 0
