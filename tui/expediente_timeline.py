"""The expediente's history (L15): each event in order with its name and its detail in words, personal data masked."""

from datetime import date, datetime
from typing import Any

from rich.text import Text

from models.enums import ESTADO_LABELS
from services import corrections
from services.dates import day_text, moment_text
from services.expediente import event_detail
from services.labels import DETAIL_LABELS, EVENT_LABELS, HIDDEN_DETAILS, VALUE_LABELS
from tui.expediente_panels import ExpedienteView, code_name


def detail_value(key: str, value: Any) -> str:
    """One value of an event's detail in words: dates as dd/mm/aaaa, yes/no, lists joined, codes as labels."""
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, list):
        return ", ".join(detail_value(key, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{DETAIL_LABELS.get(k, k)}: {detail_value(k, v)}" for k, v in value.items() if v not in (None, ""))
    if key == "sha256" and isinstance(value, str):
        return value[:12] + "…"
    if key == "bytes" and isinstance(value, int):
        return f"{value / 1024:.0f} KB" if value < 1024 * 1024 else f"{value / (1024 * 1024):.1f} MB"
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return day_text(date.fromisoformat(value))
            if len(value) > 10 and value[4] == "-" and "T" in value:
                return moment_text(datetime.fromisoformat(value))
        except ValueError:
            pass
        return VALUE_LABELS.get(value, value)
    return str(value)


def detail_summary(detail: dict) -> str:
    """An event's detail as «área: Farmacia · vence: 25/11/2026», long texts cut."""
    parts = []
    for key, value in detail.items():
        if value is None or value == "" or value == [] or key in HIDDEN_DETAILS:
            continue
        shown = detail_value(key, value)
        if len(shown) > 120:
            shown = shown[:119] + "…"
        parts.append(f"{DETAIL_LABELS.get(key, key.replace('_', ' '))}: {shown}")
    return " · ".join(parts)


def timeline_text(view: ExpedienteView) -> Text:
    """Every event, oldest first: when, what, from which state to which, who, and the detail in words."""
    text = Text()
    for evento in view.expediente.eventos:
        text.append(moment_text(evento.ocurrido_en) + "  ", style="dim")
        text.append(EVENT_LABELS.get(evento.accion, evento.accion.replace("_", " ").capitalize()), style="bold")
        detail = event_detail(evento, view.expediente.personales.get(evento.id))
        correction = evento.accion in (corrections.CORRECTION, corrections.AREA_STEP)
        if correction:
            # «Corregido: tipo Sugerencia → Inconformidad (motivo: …)», the petitioner's data masked.
            text.append(": " + corrections.describe(detail))
        if evento.estado_nuevo and evento.estado_nuevo != evento.estado_anterior:
            before = f"{code_name(ESTADO_LABELS, evento.estado_anterior)} " if evento.estado_anterior else ""
            text.append(f"  ({before}→ {code_name(ESTADO_LABELS, evento.estado_nuevo)})")
        text.append("\n    ")
        text.append(f"por {evento.actor or 'sistema'}", style="dim")
        summary = "" if correction else detail_summary(detail)
        if summary:
            text.append(" · ")
            text.append(summary)
        text.append("\n")
    text.rstrip()
    return text if text.plain else Text("Sin eventos.")
