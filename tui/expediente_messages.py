"""What the expediente says once an action is done: one Spanish sentence per action, from the service's result."""

from collections.abc import Sequence
from typing import Any

from models import Area
from models.enums import ESTADO_LABELS
from models.petition_io import FIELD_LABELS
from services.answers import spanish_list
from services.corrections import Correccion
from services.dates import day_text
from services.l3 import MAX_CONTACT_ATTEMPTS
from services.labels import DOCUMENT_NAMES, ESCALATION_LETTERS, MEDIO_LABELS, RESULTADO_LABELS, VALUE_LABELS
from tui.expediente_panels import code_name


def done_message(name: str, result: Any, areas: list[Area], waiting: Sequence[int] = ()) -> str:
    """The sentence that confirms an action, naming what the service recorded; `waiting` are the áreas (ids) that
    owed their answer before it (L4), so an answer or a declination of one of them says that others remain."""
    names = {area.id: area.nombre for area in areas}
    if name == "respuesta":
        others = [names.get(area_id, "—") for area_id in waiting if area_id != result.area_id]
        if others:
            return (f"Respuesta de {names.get(result.area_id, 'el área')} registrada; falta la de "
                    f"{spanish_list(others)} (L4).")
    if name == "declinar" and len(waiting) > 1:
        return "Declinación registrada; la petición sigue con las demás áreas (L4)."
    if name == "canalizar":
        # The routings just made (L4: one or several áreas), each with the same L5 term from today.
        routed = [names.get(routing.area_id, "el área") for routing in result]
        whose = "el área tiene" if len(routed) == 1 else "cada área tiene"
        return (f"Canalizada a {spanish_list(routed)}; {whose} hasta el {day_text(result[0].vence_seguimiento)} para "
                "dar seguimiento (L5).")
    if name in ESCALATION_LETTERS:
        return (f"{DOCUMENT_NAMES[name]} registrado con el oficio {result.numero}; el área tiene hasta el "
                f"{day_text(result.vence_en)}.")
    if name == "prorroga":
        return f"Prórroga registrada: la nueva fecha es el {day_text(result.vence_en)}."
    if name == "medida_sad":
        return f"Medida de la SAD registrada (L11); responsable: {result.responsable}. Queda en Pendientes (F4)."
    if name == "cumplir_medida":
        return "Medida de la SAD registrada como cumplida; sale de Pendientes (F4)."
    if name == "notificar":
        return (f"Notificación registrada: {code_name(MEDIO_LABELS, result.medio)}, "
                f"{code_name(RESULTADO_LABELS, result.resultado).lower()}.")
    if name == "devolver_area":
        return (f"Respuesta devuelta al área; tiene hasta el {day_text(result.vence_en)} para enviar la corregida "
                "(L5).")
    if name == "completar_datos":
        return "Datos actualizados." + (" Aún faltan datos (◐)." if result.datos_incompletos else " Datos completos.")
    if name == "intento_contacto":
        left = MAX_CONTACT_ATTEMPTS - result
        return (f"Intento {result} de {MAX_CONTACT_ATTEMPTS} registrado"
                + (f"; quedan {left}." if left else "; se da seguimiento con los datos que hay (L3)."))
    if name in ("imprimir_acuse", "imprimir_constancia"):
        return f"{DOCUMENT_NAMES.get(result.tipo, result.tipo)} en PDF: {result.nombre}"
    if name == "adjuntar":
        return f"Archivo adjuntado: {result.nombre} (SHA-256 {result.sha256[:12]}…)."
    if name in ("corregir_datos", "corregir_area"):
        return correction_message(result)
    if name == "reabrir":
        return f"Petición reabierta: está «{code_name(ESTADO_LABELS, result.estado)}»; el motivo queda en el expediente."
    if name == "confirmar_urgencia":
        return f"Urgencia confirmada: se alertó a {result.urgencia_alertado_a}."
    return {
        "declinar": "Declinación registrada: la petición vuelve a canalizarse.",
        "respuesta": "Respuesta registrada; pasa a revisión y firma del director (L12, L13).",
        "corregir_respuesta": "Respuesta corregida registrada; pasa a revisión y firma del director (L12, L13).",
        "firmar": "Respuesta firmada; notifique al peticionario (L14).",
        "resguardo": "Respuesta en resguardo para que el peticionario la recoja (L14).",
        "entregar": "Entrega registrada; se genera su constancia.",
        "concluir": "Petición concluida (L15).",
        "concluir_orientacion": "Orientación concluida.",
        "descartar_urgencia": "Urgencia descartada; el motivo queda en el expediente.",
        "marcar_urgente": "Marcada como urgente; registre a quién alertó.",
        "sistemas_externos": "Folios SINAPP / SIDAC guardados.",
        "enviar_correo": "Respuesta en la bandeja de salida: se envía ahora; cuando el servidor la acepte queda "
                         "como notificación por correo (L15).",
    }.get(name, "Hecho.")


def correction_message(result: Correccion) -> str:
    """«Corregido: tipo Sugerencia → Inconformidad. Vence el 19/11/2026.», and what the new description suggests."""
    label = "área" if result.campo == "area" else FIELD_LABELS.get(result.campo, result.campo)
    text = f"Corregido: {label} {result.antes or '(vacío)'} → {result.despues or '(vacío)'}."
    if result.vence_en is not None and result.campo in ("tipo", "recibida_en", "area"):
        text += f" Vence el {day_text(result.vence_en)}."
    if result.sugerencia:
        text += (f" La nueva descripción sugiere urgencia ({VALUE_LABELS.get(result.sugerencia, 'urgente')}): si "
                 "procede, márquela con U.")
    elif result.campo == "descripcion" and result.urgente:
        text += " La urgencia se mantiene; si ya no aplica, descártela con su motivo (Q)."
    return text
