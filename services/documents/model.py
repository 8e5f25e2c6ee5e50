"""The input contract of the document renderers: frozen dataclasses with plain values, no database objects."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

OficioKind = Literal["recordatorio_1", "recordatorio_2", "oficio_superior"]


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """The service unit that issues the document: letterhead and signer."""

    clave: str
    nombre: str
    domicilio: str
    director_nombre: str
    director_cargo: str
    director_telefono: str
    lugar: str = "Ciudad de México"


@dataclass(frozen=True, slots=True)
class AreaInfo:
    """The área a petition was routed to, its enlace and its superior jerárquico."""

    nombre: str
    enlace_nombre: str
    enlace_correo: str
    enlace_telefono: str
    superior_nombre: str
    superior_cargo: str
    superior_correo: str


@dataclass(frozen=True, slots=True)
class AcuseData:
    """What the acuse de recibo handed to the petitioner at the desk shows."""

    unit: UnitInfo
    folio: str
    recibida: datetime
    tipo: str
    canal: str
    resumen: str
    peticionario: str | None
    terminos: tuple[str, ...]
    como_dar_seguimiento: str
    aviso_privacidad: str
    urgente: str | None = None
    clave_consulta: str = ""
    url_consulta: str = ""


@dataclass(frozen=True, slots=True)
class OficioData:
    """A reminder to an área (L6, L7) or the oficio to its superior jerárquico (L8)."""

    unit: UnitInfo
    area: AreaInfo
    kind: OficioKind
    numero: str
    fecha: date
    folio: str
    recibida: date
    canalizada: date
    previos: tuple[tuple[str, date], ...]
    vence: date
    resumen: str
    # This letter's term in business days, and the one before it (L5's for the first reminder, L6's for the second).
    plazo: int
    plazo_anterior: int


@dataclass(frozen=True, slots=True)
class NotificationAttempt:
    """One attempt to tell the petitioner the answer (L14)."""

    cuando: datetime
    medio: str
    resultado: str
    detalle: str = ""


@dataclass(frozen=True, slots=True)
class Delivery:
    """The answer handed over in person, with the official ID shown (L14)."""

    recibe: str
    identificacion_tipo: str
    identificacion_numero: str
    tercero: bool
    carta_poder: bool
    cuando: datetime


@dataclass(frozen=True, slots=True)
class ConstanciaData:
    """What the constancia de notificación / entrega records."""

    unit: UnitInfo
    folio: str
    peticionario: str
    respuesta_resumen: str
    firmada_por: str
    firmada_en: datetime
    intentos: tuple[NotificationAttempt, ...]
    entrega: Delivery | None
    fecha: date
    dias_resguardo: int
    resguardo_en: datetime | None = None
    """When the answer was put in resguardo for the petitioner to collect (L14), if it was."""


@dataclass(frozen=True, slots=True)
class AreaCompliance:
    """How one área and enlace kept one term during the month."""

    area: str
    enlace: str
    termino: str
    total: int
    en_plazo: int
    promedio_dias: float | None
    peor_dias: int | None


@dataclass(frozen=True, slots=True)
class UrgentCase:
    """A petition triaged as urgent and how fast the unit was alerted."""

    folio: str
    categoria: str
    recibida: datetime
    alertado: str | None
    minutos_a_alerta: int | None


@dataclass(frozen=True, slots=True)
class DetailRow:
    """One petition in the detailed list of the Anexo 1."""

    folio: str
    recibida: date
    tipo: str
    canal: str
    area: str
    estado: str
    problema: str
    respuesta: str
    solucion: str


@dataclass(frozen=True, slots=True)
class ShortBuzonWeek:
    """A week (Monday to Sunday) a buzón in service was collected fewer than twice (L1)."""

    clave: str
    ubicacion: str
    lunes: date
    domingo: date
    recolecciones: int


@dataclass(frozen=True, slots=True)
class LateDeclinationRow:
    """A declination made in the month after L9's two business days."""

    folio: str
    area: str
    plazo: date
    declarada: date
    dias_tarde: int


@dataclass(frozen=True, slots=True)
class SadMeasureRow:
    """A measure agreed in the month by the SAD with an área (L11), and whether it was fulfilled."""

    folio: str
    area: str
    medida: str
    responsable: str
    acordada: date
    vence: date
    cumplida: date | None


@dataclass(frozen=True, slots=True)
class MonthlyReportData:
    """Everything the monthly report (Anexo 1, L17) of one unit and month shows."""

    unit: UnitInfo
    year: int
    month: int
    generado: datetime
    por_tipo_canal: dict[tuple[str, str], int]
    por_area: tuple[tuple[str, int], ...]
    por_estado: tuple[tuple[str, int], ...]
    cumplimiento: tuple[AreaCompliance, ...]
    urgentes: tuple[UrgentCase, ...]
    tendencia: tuple[tuple[str, int], ...]
    detalle: Sequence[DetailRow]
    entrega_limite: date
    satisfaccion: tuple[tuple[int, int], ...] = ()
    # L1: the buzón-weeks that ended in the month owing two collections, and those short of them.
    semanas_buzon: int = 0
    semanas_cortas: tuple[ShortBuzonWeek, ...] = ()
    # L9 and L11: declinations made after the área's term, and the measures agreed with the SAD, in the month.
    declinaciones_tardias: tuple[LateDeclinationRow, ...] = ()
    medidas_sad: tuple[SadMeasureRow, ...] = ()
    # The unit's event chain when the report was made (events and last hash), published so history cannot be rewritten.
    ancla_eventos: int = 0
    ancla_huella: str = ""


@dataclass(frozen=True, slots=True)
class AnswerLetterData:
    """The signed answer handed to the petitioner (L12–L14): the área's answer under the director's signature."""

    unit: UnitInfo
    numero: str
    fecha: date
    folio: str
    recibida: date
    peticionario: str
    domicilio: tuple[str, ...]
    area: str
    texto: str
    solucion: str
    emite: tuple[str, str, str]
    dias_notificacion: int
    mas_areas: tuple["AnswerPart", ...] = ()
    """The answers of the other áreas the petition was routed to (L4), after the first one."""


@dataclass(frozen=True, slots=True)
class AnswerPart:
    """One more área's answer in a consolidated oficio de respuesta (L4): the área, its text, solution and issuer."""

    area: str
    texto: str
    solucion: str
    emite: tuple[str, str, str]
