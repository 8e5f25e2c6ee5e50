"""Input models of a petition: what intake accepts, validated."""

from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator

from models.enums import Canal, Tipo
from models.validators import (
    clean_text,
    normalize_curp,
    normalize_email,
    normalize_phone,
    normalize_postal_code,
)

FIELD_LABELS = {
    "tipo": "tipo",
    "canal": "medio de captación",
    "recibida_en": "fecha de recepción",
    "descripcion": "descripción",
    "nombre": "nombre",
    "primer_apellido": "primer apellido",
    "segundo_apellido": "segundo apellido",
    "curp": "CURP",
    "telefono": "teléfono",
    "correo": "correo electrónico",
    "calle": "calle",
    "numero_exterior": "número exterior",
    "numero_interior": "número interior",
    "colonia": "colonia",
    "codigo_postal": "código postal",
    "municipio": "municipio o alcaldía",
    "entidad": "estado",
    "servidor_publico": "servidor público",
    "id_externo": "id externo",
}

REQUIRED_FOR_COMPLETE = (
    "nombre", "primer_apellido", "calle", "numero_exterior", "colonia", "codigo_postal",
    "municipio", "entidad", "telefono", "correo",
)

_TEXT_FIELDS = (
    "descripcion", "nombre", "primer_apellido", "segundo_apellido", "calle", "numero_exterior",
    "numero_interior", "colonia", "municipio", "entidad", "servidor_publico", "id_externo",
)


class PersonData(BaseModel):
    """The petitioner's L3 data; what is given must be valid, what is missing stays empty."""

    model_config = ConfigDict(str_max_length=20_000)

    nombre: str = ""
    primer_apellido: str = ""
    segundo_apellido: str = ""
    curp: str = ""
    telefono: str = ""
    correo: str = ""
    calle: str = ""
    numero_exterior: str = ""
    numero_interior: str = ""
    colonia: str = ""
    codigo_postal: str = ""
    municipio: str = ""
    entidad: str = ""

    @field_validator("nombre", "primer_apellido", "segundo_apellido", "calle", "numero_exterior",
                     "numero_interior", "colonia", "municipio", "entidad", mode="before")
    @classmethod
    def _clean(cls, value):
        return clean_text(value or "")

    @field_validator("curp", mode="before")
    @classmethod
    def _curp(cls, value):
        value = clean_text(value or "")
        return normalize_curp(value) if value else ""

    @field_validator("telefono", mode="before")
    @classmethod
    def _phone(cls, value):
        value = clean_text(value or "")
        return normalize_phone(value) if value else ""

    @field_validator("correo", mode="before")
    @classmethod
    def _email(cls, value):
        value = clean_text(value or "")
        return normalize_email(value) if value else ""

    @field_validator("codigo_postal", mode="before")
    @classmethod
    def _cp(cls, value):
        value = clean_text(value or "")
        return normalize_postal_code(value) if value else ""

    def missing(self) -> list[str]:
        """Spanish labels of the L3 data not given."""
        return [FIELD_LABELS[name] for name in REQUIRED_FOR_COMPLETE if not getattr(self, name)]


class PeticionCreate(PersonData):
    """What intake needs to register a petition; only tipo and descripción are required."""

    tipo: Tipo
    canal: Canal = Canal.MODULO
    recibida_en: datetime | None = None
    descripcion: str = Field(min_length=1)
    servidor_publico: str = ""
    anonima: bool = False
    aviso_privacidad: bool = False
    id_externo: str | None = None
    buzon_id: int | None = None
    recoleccion_id: int | None = None

    @field_validator("descripcion", "servidor_publico", mode="before")
    @classmethod
    def _clean_more(cls, value):
        return clean_text(value or "")

    @field_validator("id_externo", mode="before")
    @classmethod
    def _external(cls, value):
        value = clean_text(value or "")
        return value or None

    @field_validator("recibida_en")
    @classmethod
    def _aware(cls, value):
        if value is not None and value.tzinfo is None:
            # A time typed at the desk without a zone is the desk's local time.
            return value.replace(tzinfo=ZoneInfo("America/Mexico_City"))
        return value

