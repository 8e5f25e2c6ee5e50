"""One table of Spanish names for documents and actions, read by screens, documents and messages alike."""

from services.lifecycle import STEPS

DOCUMENT_NAMES = {
    "acuse": "Acuse de recibo",
    "recordatorio_1": "Primer recordatorio",
    "recordatorio_2": "Segundo recordatorio",
    "oficio_superior": "Oficio al superior jerárquico",
    "constancia": "Constancia de notificación",
    "adjunto": "Archivo adjunto",
}
ESCALATION_LETTERS = ("recordatorio_1", "recordatorio_2", "oficio_superior")

# What a person may do on an expediente, as the panel of actions names it.
ACTION_LABELS = {
    **{name: step.etiqueta for name, step in STEPS.items()},
    "canalizar": "Canalizar a un área",
    "declinar": "Declinación del área",
    "oficio_superior": "Oficio al superior",
    "notificar": "Notificar",
    "entregar": "Entregar en persona",
    "confirmar_urgencia": "Confirmar urgencia",
    "marcar_urgente": "Marcar urgente",
    "descartar_urgencia": "Descartar urgencia",
    "completar_datos": "Completar datos",
    "intento_contacto": "Intento de contacto",
    "adjuntar": "Adjuntar archivo",
    "mostrar_datos": "Mostrar datos",
    "imprimir_acuse": "Imprimir acuse de recibo",
    "imprimir_constancia": "Constancia de notificación",
}
