"""SQLModel tables and enums; importing this package registers every table on SQLModel.metadata."""

# Every table's `id` is typed `int` although it is None until the row is flushed: services only ever hand stored
# rows around, and an `int | None` id would make every call that passes one need a check that cannot fail.

from models.answer import Notificacion, Respuesta
from models.audit import CadenaEventos, Documento, Evento
from models.catalog import (
    Area,
    BajaBuzon,
    Buzon,
    Consecutivo,
    DiaInhabil,
    Recoleccion,
    ReporteMensual,
    Termino,
    Unidad,
    Usuario,
)
from models.followup import Canalizacion, Declinacion, MedidaSad, Prorroga, Recordatorio
from models.mail import Correo, ServidorCorreo
from models.pending import AccionPendiente
from models.petition import Peticion

__all__ = [
    "AccionPendiente", "Area", "BajaBuzon", "Buzon", "CadenaEventos", "Canalizacion", "Consecutivo", "Correo",
    "Declinacion", "DiaInhabil", "Documento", "Evento", "MedidaSad", "Notificacion", "Peticion", "Prorroga",
    "Recoleccion", "Recordatorio", "ReporteMensual", "Respuesta", "ServidorCorreo", "Termino", "Unidad", "Usuario",
]
