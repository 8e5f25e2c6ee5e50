"""The pending action kinds, in F4's order, with their Spanish names, for the F4 list and any other face."""

from models.enums import Reloj

ACTION_FOR_CLOCK: dict[str, tuple[str, str]] = {
    Reloj.CANALIZACION: ("canalizar", "Canalizar a un área"),
    Reloj.SEGUIMIENTO: ("recordatorio_1", "Enviar primer recordatorio (L6)"),
    Reloj.RECORDATORIO_1: ("recordatorio_2", "Enviar segundo recordatorio (L7)"),
    Reloj.RECORDATORIO_2: ("oficio_superior", "Enviar oficio al superior jerárquico (L8)"),
    Reloj.OFICIO_SUPERIOR: ("informar_sad", "El superior no resolvió (L8): informar a la SAD"),
    Reloj.PRORROGA: ("prorroga_vencida", "Venció la prórroga sin respuesta (L10): enviar primer recordatorio (L6)"),
    Reloj.NOTIFICACION: ("notificar", "Notificar la respuesta al peticionario (L14)"),
    Reloj.RESGUARDO: ("resguardo", "No localizado: poner la respuesta en resguardo (L14)"),
}

ACTION_ORDER = (
    "canalizar", "recordatorio_1", "recordatorio_2", "oficio_superior", "informar_sad", "prorroga_vencida",
    "medida_sad", "notificar", "resguardo", "correo_fallido", "acuse_buzon", "contactar_datos", "capturar_hojas",
    "recolectar_buzon", "semana_buzon", "cerrar_sinapp", "informe_mensual",
)

# The kinds services.pending_store keeps in accionpendiente; the others (buzones, mail, SAD measures, reports) are few
# and computed when read.
STORED_KINDS = (*(accion for accion, _ in ACTION_FOR_CLOCK.values()), "acuse_buzon", "contactar_datos", "cerrar_sinapp")

# The heading of each kind's group, naming the lineamiento that asks for it.
GROUP_TITLES = {
    "canalizar": "Canalizar a un área",
    "recordatorio_1": "Primer recordatorio al área (L6)",
    "recordatorio_2": "Segundo recordatorio al área (L7)",
    "oficio_superior": "Oficio al superior jerárquico (L8)",
    "informar_sad": "Informar a la SAD: el superior no resolvió (L8)",
    "prorroga_vencida": "Prórrogas vencidas sin respuesta: primer recordatorio (L10, L6)",
    "medida_sad": "Medidas acordadas con la SAD por cumplir (L11)",
    "notificar": "Notificar la respuesta al peticionario (L14)",
    "resguardo": "Poner en resguardo: peticionario no localizado (L14)",
    "correo_fallido": "Correos al peticionario no enviados (L15)",
    "acuse_buzon": "Avisar al peticionario de buzón que su hoja se recibió (L1)",
    "contactar_datos": "Contactar al peticionario para completar sus datos (L3)",
    "capturar_hojas": "Hojas de buzón recolectadas sin capturar (L1)",
    "recolectar_buzon": "Buzones por recolectar esta semana (L1)",
    "semana_buzon": "Semanas con menos de dos recolecciones del buzón (L1)",
    "cerrar_sinapp": "Concluidas aquí, sin cerrar en el SINAPP (L15)",
    "informe_mensual": "Informe mensual a la SAD (L17)",
}

# Singular and plural for a count of each kind; both reminders count together as «recordatorio».
SUMMARY_NAMES = {
    "canalizar": ("por canalizar", "por canalizar"),
    "recordatorio": ("recordatorio", "recordatorios"),
    "oficio_superior": ("oficio al superior", "oficios al superior"),
    "informar_sad": ("aviso a la SAD", "avisos a la SAD"),
    "prorroga_vencida": ("prórroga vencida", "prórrogas vencidas"),
    "medida_sad": ("medida de la SAD", "medidas de la SAD"),
    "notificar": ("notificación", "notificaciones"),
    "resguardo": ("resguardo", "resguardos"),
    "correo_fallido": ("correo no enviado", "correos no enviados"),
    "acuse_buzon": ("aviso de buzón", "avisos de buzón"),
    "contactar_datos": ("contacto por datos incompletos", "contactos por datos incompletos"),
    "capturar_hojas": ("recolección por capturar", "recolecciones por capturar"),
    "recolectar_buzon": ("buzón por recolectar", "buzones por recolectar"),
    "semana_buzon": ("semana de buzón incompleta", "semanas de buzón incompletas"),
    "cerrar_sinapp": ("por cerrar en el SINAPP", "por cerrar en el SINAPP"),
    "informe_mensual": ("informe mensual", "informes mensuales"),
}


def summary_key(accion: str) -> str:
    """The SUMMARY_NAMES key an action kind is counted under."""
    return "recordatorio" if accion.startswith("recordatorio") else accion


def count_text(accion: str, count: int) -> str:
    """«3 recordatorios», «1 aviso de buzón»."""
    singular, plural = SUMMARY_NAMES[summary_key(accion)]
    return f"{count:,} {singular if count == 1 else plural}"
