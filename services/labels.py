"""One table of Spanish names for documents, actions, events and stored codes, read by screens, documents and
messages alike."""

from models.enums import CANAL_LABELS, TIPO_LABELS, Identificacion, MedioNotificacion, ResultadoNotificacion
from models.petition_io import FIELD_LABELS
from services.lifecycle import STEPS
from services.triage.result import CATEGORY_LABELS

DOCUMENT_NAMES = {
    "acuse": "Acuse de recibo",
    "recordatorio_1": "Primer recordatorio",
    "recordatorio_2": "Segundo recordatorio",
    "oficio_superior": "Oficio al superior jerárquico",
    "constancia": "Constancia de notificación",
    "respuesta": "Oficio de respuesta",
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
    "imprimir_documento": "Imprimir un documento",
    "sistemas_externos": "SINAPP y SIDAC",
    "corregir_datos": "Corregir el registro",
    "reabrir": "Reabrir",
    "enviar_correo": "Enviar la respuesta por correo",
    "medida_sad": "Medida acordada con la SAD",
    "cumplir_medida": "Medida de la SAD cumplida",
}

# What each event of the history records, as the expediente's timeline names it.
EVENT_LABELS = {
    **{name: step.etiqueta for name, step in STEPS.items()},
    "registrar": "Registro de la petición",
    "correo_en_cola": "Respuesta en la bandeja de correo",
    "correo_enviado": "Correo aceptado por el servidor",
    "correo_sin_notificacion": "Correo enviado; ya se había notificado por otro medio",
    "notificar": "Notificación al peticionario",
    "devolver_area": "Respuesta devuelta al área",
    "corregir_respuesta": "Respuesta corregida registrada",
    "urgencia_confirmada": "Urgencia confirmada",
    "urgencia_descartada": "Urgencia descartada",
    "urgencia_manual": "Marcada urgente a mano",
    "datos_actualizados": "Datos del peticionario actualizados",
    "datos_revelados": "Datos personales consultados",
    "busqueda_datos_personales": "Búsqueda por nombre, CURP o teléfono",
    "intento_completar_datos": "Intento de completar datos",
    "documento_generado": "Documento generado",
    "documento_impreso": "Documento impreso",
    "adjuntar": "Archivo adjuntado",
    "acuse_buzon": "Aviso de recepción de la hoja de buzón",
    "anonimizar": "Datos anonimizados por retención",
    "arco_acceso": "Derecho ARCO: acceso",
    "arco_rectificacion": "Derecho ARCO: rectificación",
    "arco_cancelacion": "Derecho ARCO: cancelación",
    "arco_oposicion": "Derecho ARCO: oposición",
    "sistemas_externos": "Folios SINAPP / SIDAC",
    "corregir_dato": "Corregido",
    "corregir_area": "Corregido",
    "reabrir": "Petición reabierta",
    "declinacion_extemporanea": "Declinación fuera del plazo de L9",
    "medida_sad": "Medida acordada con la SAD (L11)",
    "medida_cumplida": "Medida de la SAD cumplida (L11)",
}

# The keys of an event's detail, in words.
DETAIL_LABELS = {
    "area": "área", "vence": "vence", "motivo": "motivo", "oficio": "oficio", "nueva_fecha": "nueva fecha",
    "sad_informada_en": "SAD informada", "peticionario_contactado_en": "peticionario informado",
    "recibida_en": "recibida", "notificar_a_mas_tardar": "notificar a más tardar", "firmada_por": "firmó",
    "medio": "medio", "resultado": "resultado", "intentada_en": "intentado el", "satisfaccion": "satisfacción",
    "identificacion": "identificación",
    "tercero": "entregada a un tercero", "nota": "nota", "categoria": "categoría", "alertado_a": "se alertó a",
    "alertado_en": "a las", "campos": "campos", "datos_incompletos": "datos incompletos", "archivo": "archivo",
    "sha256": "SHA-256", "tipo": "tipo", "canal": "canal", "folio": "folio", "en_plazo_L9": "en plazo (L9)",
    "plazo_L9": "plazo L9", "bytes": "tamaño", "datos_faltantes": "faltan", "triage": "detección",
    "coincidencias": "palabras", "retencion_anos": "años de retención", "sinapp_folio": "folio SINAPP",
    "sinapp_cerrada_en": "cerrada en el SINAPP", "sidac_folio": "folio SIDAC", "concluida_en": "concluida el",
    "dias_tarde": "días hábiles de retraso", "informe": "se informa en", "responsable": "responsable",
    "acordada_en": "acordada el", "cumplir_a_mas_tardar": "cumplir a más tardar", "medida": "medida",
    "impresora": "impresora",
}
# Kept in the event for the software, not for a reader: the folio heads the expediente; the draft token only
# matches drafts.
HIDDEN_DETAILS = frozenset({"folio", "borrador"})

# How the answer reached (or did not reach) the petitioner, and the IDs accepted for a delivery in person (L14).
MEDIO_LABELS = {
    MedioNotificacion.TELEFONO.value: "Teléfono",
    MedioNotificacion.CORREO.value: "Correo electrónico",
    MedioNotificacion.POSTAL.value: "Correo postal",
    MedioNotificacion.PRESENCIAL.value: "En persona",
}
RESULTADO_LABELS = {
    ResultadoNotificacion.NOTIFICADO.value: "Notificado",
    ResultadoNotificacion.NO_LOCALIZADO.value: "No localizado",
    ResultadoNotificacion.DATOS_INSUFICIENTES.value: "Datos insuficientes",
}
# How a medio reads inside a sentence: «Intentado: teléfono … Siguiente: correo electrónico o visita al domicilio».
MEDIO_SHORT = {
    MedioNotificacion.TELEFONO.value: "teléfono",
    MedioNotificacion.CORREO.value: "correo electrónico",
    MedioNotificacion.POSTAL.value: "correo postal al domicilio",
    MedioNotificacion.PRESENCIAL.value: "visita al domicilio",
}
IDENTIFICACION_LABELS = {
    Identificacion.INE.value: "INE",
    Identificacion.PASAPORTE.value: "Pasaporte",
    Identificacion.CEDULA_PROFESIONAL.value: "Cédula profesional",
}

# The stored codes an event's detail may hold (medio, categoría, tipo, canal, field names), in words.
VALUE_LABELS = {
    **MEDIO_LABELS, **RESULTADO_LABELS, **IDENTIFICACION_LABELS,
    **{str(category): label for category, label in CATEGORY_LABELS.items()},
    **{tipo.value: label for tipo, label in TIPO_LABELS.items()},
    **{canal.value: label for canal, label in CANAL_LABELS.items()},
    **FIELD_LABELS,
}
