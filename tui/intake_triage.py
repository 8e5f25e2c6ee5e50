"""Triage on the intake form (L2): the banner over the form, and the officer's mark or dismissal (F8)."""

from collections.abc import Callable

from rich.text import Text
from textual.widgets import TextArea

from services.intake import UrgencyDecision
from services.triage import CATEGORY_LABELS, SUPPRESSION_LABELS, Triage, assess
from tui.dialogs.alert import AlertDialog
from tui.dialogs.common import ReasonDialog
from tui.dialogs.intake_urgency import CategoryDialog
from tui.intake_parts import IntakeParts


def triage_banner(triage: Triage, manual: str | None, cleared: str | None, *, keys: bool = True) -> tuple[Text, bool]:
    """The banner over the form and whether it is the urgent one: category, trigger words, and the key to change it."""
    if (triage.urgent and cleared is None) or manual is not None:
        line = Text()
        line.append("▲ URGENTE", style="bold reverse")
        category = CATEGORY_LABELS.get(manual or triage.category or "", "urgente")
        if triage.urgent and cleared is None:
            words = ", ".join(f"«{match}»" for match in triage.matches)
            heading = triage.heading() if manual is None else category
            line.append(f" — {heading} — detectado por: {words}", style="bold")
        else:
            line.append(f" — {category} — marcada a mano por usted", style="bold")
        if keys:
            line.append("   F8: " + ("quitar la marca" if manual is not None else "no es urgente (con motivo)"))
        return line, True
    if cleared is not None:
        line = Text()
        line.append("△ Urgencia descartada por usted: ", style="bold")
        line.append(f"«{cleared}»")
        if keys:
            line.append("   F8: volver a marcarla", style="italic")
        return line, False
    line = Text("Sin señales de urgencia (L2)")
    if triage.suppressed:
        reason = SUPPRESSION_LABELS.get(triage.rule.partition(":")[2], "sin efecto")
        line.append(f" — no cuenta ({reason}): " + ", ".join(f"«{word}»" for word in triage.suppressed))
    if keys:
        line.append("   F8: marcar urgente a mano", style="italic")
    return line, False


class TriageMarking(IntakeParts):
    """The intake screen's urgency: what the engine found in the description and what the officer decided on it."""

    triage: Triage
    manual: str | None
    cleared: str | None
    cleared_matches: frozenset[str]
    last_alert: UrgencyDecision | None
    saving: bool

    def _assess(self) -> None:
        self.triage = assess(self.query_one("#descripcion", TextArea).text)
        if self.cleared is not None and (not self.triage.urgent or not set(self.triage.matches) <= self.cleared_matches):
            # The words the officer judged are gone, or new alarming ones appeared: a new text needs a new judgement.
            self.cleared, self.cleared_matches = None, frozenset()

    def _show_triage(self) -> None:
        text, urgent = triage_banner(self.triage, self.manual, self.cleared)
        self._put("in-triage", text).set_class(urgent, "-urgent")

    def _urgent(self) -> bool:
        return (self.triage.urgent and self.cleared is None) or self.manual is not None

    def action_urgency(self) -> None:
        """Raise the urgent flag by hand, clear it with a written reason, or undo either."""
        self.after_typed_keys(self._urgency)

    def _urgency(self) -> None:
        if self.saving or not self.is_current:
            return
        self._assess()
        if self.manual is not None:
            self.manual = None
            self.app.notify("Se quitó la marca de urgencia que usted puso.", title="Urgencia")
            self._after_urgency_change()
        elif self.triage.urgent and self.cleared is None:
            self.app.push_screen(ReasonDialog("No es urgente", "¿Por qué no es urgente? El motivo queda en el "
                                              "expediente (L2).", placeholder="p. ej. habla de un hecho pasado"),
                                 self._cleared_with)
        elif self.cleared is not None:
            self.cleared, self.cleared_matches = None, frozenset()
            self._after_urgency_change()
        else:
            self.app.push_screen(CategoryDialog(), self._raised)

    def _cleared_with(self, reason: str | None) -> None:
        if reason:
            self.cleared, self.cleared_matches = reason, frozenset(self.triage.matches)
            self._after_urgency_change()

    def _raised(self, category: str | None) -> None:
        if category:
            self.manual = category
            self._after_urgency_change()

    def _after_urgency_change(self) -> None:
        self._show_triage()
        self._changed()

    def _decide_urgency(self, then: Callable[[UrgencyDecision | None], None]) -> None:
        """On saving: ask who was alerted of an urgent petition, or pass on why it is not urgent, or nothing."""
        if self._urgent():
            banner, _ = triage_banner(self.triage, self.manual, None, keys=False)
            category = self.manual or self.triage.category
            dialog = AlertDialog(banner, confirm="Registrar urgente", back="Volver al formulario",
                                 alertado_a=self.last_alert.alertado_a if self.last_alert else "",
                                 alertado_en=self.last_alert.alertado_en if self.last_alert else None)
            self.app.push_screen(dialog, lambda alert: self._alerted(None if alert is None else UrgencyDecision(
                confirmar=True, alertado_a=alert.who, alertado_en=alert.when, categoria=category), then))
        elif self.cleared is not None and self.triage.urgent:
            then(UrgencyDecision(confirmar=False, motivo=self.cleared))
        else:
            then(None)

    def _alerted(self, decision: UrgencyDecision | None, then: Callable[[UrgencyDecision | None], None]) -> None:
        if decision is None:
            return
        self.last_alert = decision
        then(decision)
