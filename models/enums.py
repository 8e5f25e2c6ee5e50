"""The closed vocabularies of the guide: tipos, canales, estados, roles, clocks and notification media."""

from enum import StrEnum


class Tipo(StrEnum):
    """Kind of petition as the guide classifies it."""

    INCONFORMIDAD = "inconformidad"
    RECONOCIMIENTO = "reconocimiento"
    SUGERENCIA = "sugerencia"
    SOLICITUD_SERVICIO = "solicitud_servicio"
    ORIENTACION = "orientacion"


class Canal(StrEnum):
    """Medio de captación: the channel the petition came through."""

    MODULO = "modulo"
    BUZON = "buzon"
    TELEFONO = "telefono"
    CORREO = "correo"
    FACEBOOK = "facebook"
    TWITTER = "twitter"
    PRESIDENCIA = "presidencia"
    GOBMX = "gobmx"


class Estado(StrEnum):
    """State of a petition in the lifecycle of DESIGN.md."""

    REGISTRADA = "registrada"
    CANALIZADA = "canalizada"
    RECORDATORIO_1 = "recordatorio_1"
    RECORDATORIO_2 = "recordatorio_2"
    OFICIO_SUPERIOR = "oficio_superior"
    NO_COMPETENTE = "no_competente"
    PRORROGA = "prorroga"
    RESPONDIDA = "respondida"
    FIRMADA = "firmada"
    NOTIFICADA = "notificada"
    EN_RESGUARDO = "en_resguardo"
    CONCLUIDA = "concluida"


class Rol(StrEnum):
    """Role of a signed-in user; each service call checks it."""

    OFICIAL = "oficial"
    DIRECTOR = "director"
    SUPERVISOR = "supervisor"
    ADMINISTRADOR = "administrador"
    SISTEMA = "sistema"


class Reloj(StrEnum):
    """Which legal clock is open on a petition; each has a term in business days."""

    SEGUIMIENTO = "seguimiento"
    DECLINACION = "declinacion"
    RECORDATORIO_1 = "recordatorio_1"
    RECORDATORIO_2 = "recordatorio_2"
    OFICIO_SUPERIOR = "oficio_superior"
    PRORROGA = "prorroga"
    NOTIFICACION = "notificacion"
    RESGUARDO = "resguardo"
    ACUSE_BUZON = "acuse_buzon"
    CANALIZACION = "canalizacion"


class MedioNotificacion(StrEnum):
    """How the petitioner was (or was tried to be) told the answer."""

    TELEFONO = "telefono"
    CORREO = "correo"
    POSTAL = "postal"
    PRESENCIAL = "presencial"


class ResultadoNotificacion(StrEnum):
    """Outcome of one notification attempt."""

    NOTIFICADO = "notificado"
    NO_LOCALIZADO = "no_localizado"
    DATOS_INSUFICIENTES = "datos_insuficientes"


class Identificacion(StrEnum):
    """Official IDs the guide accepts for delivery in person (L14)."""

    INE = "ine"
    PASAPORTE = "pasaporte"
    CEDULA_PROFESIONAL = "cedula_profesional"


TIPO_LABELS = {
    Tipo.INCONFORMIDAD: "Inconformidad",
    Tipo.RECONOCIMIENTO: "Reconocimiento",
    Tipo.SUGERENCIA: "Sugerencia",
    Tipo.SOLICITUD_SERVICIO: "Solicitud de servicio",
    Tipo.ORIENTACION: "Orientación",
}
CANAL_LABELS = {
    Canal.MODULO: "Módulo",
    Canal.BUZON: "Buzón",
    Canal.TELEFONO: "Teléfono (ISSSTE-Tel)",
    Canal.CORREO: "Correo electrónico",
    Canal.FACEBOOK: "Facebook",
    Canal.TWITTER: "Twitter/X",
    Canal.PRESIDENCIA: "Presidencia (SIDAC)",
    Canal.GOBMX: "GOB.MX",
}
ESTADO_LABELS = {
    Estado.REGISTRADA: "Registrada",
    Estado.CANALIZADA: "Canalizada",
    Estado.RECORDATORIO_1: "Primer recordatorio",
    Estado.RECORDATORIO_2: "Segundo recordatorio",
    Estado.OFICIO_SUPERIOR: "Oficio al superior",
    Estado.NO_COMPETENTE: "No competente",
    Estado.PRORROGA: "Prórroga",
    Estado.RESPONDIDA: "Respondida",
    Estado.FIRMADA: "Firmada",
    Estado.NOTIFICADA: "Notificada",
    Estado.EN_RESGUARDO: "En resguardo",
    Estado.CONCLUIDA: "Concluida",
}
ROL_LABELS = {
    Rol.OFICIAL: "oficial de módulo",
    Rol.DIRECTOR: "director / encargado de la unidad",
    Rol.SUPERVISOR: "supervisor",
    Rol.ADMINISTRADOR: "administrador",
    Rol.SISTEMA: "sistema",
}
