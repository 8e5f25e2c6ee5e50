"""What the triage answers: the three L2 categories, the finer label the officer sees, and the words that decided it."""

from dataclasses import dataclass
from enum import StrEnum


class TriageCategory(StrEnum):
    """The three kinds of case that L2 asks to attend at once."""

    CODIGO_INFARTO = "codigo_infarto"
    URGENCIA_MEDICA = "urgencia_medica"
    TRASLADO_GRAVE = "traslado_grave"


CATEGORY_LABELS: dict[str, str] = {
    TriageCategory.CODIGO_INFARTO: "código infarto",
    TriageCategory.URGENCIA_MEDICA: "urgencia médica",
    TriageCategory.TRASLADO_GRAVE: "traslado de paciente grave",
}

# Código infarto first: its protocol counts minutes and needs its own team (ECG, hemodinamia).
# Traslado grave next: the patient is already in care and what is missing is a coordinated move,
# which a generic "urgencia médica" alert would not set in motion.
PRIORITY = (TriageCategory.CODIGO_INFARTO, TriageCategory.TRASLADO_GRAVE, TriageCategory.URGENCIA_MEDICA)

SUPPRESSION_LABELS = {
    "pasado": "es del pasado",
    "terminado": "ya terminó",
    "tramite": "es un trámite",
    "elogio": "es un elogio",
    "general": "habla en general",
    "hipotesis": "es una posibilidad, no un hecho",
    "negacion": "está negado",
}


@dataclass(frozen=True, slots=True)
class Triage:
    """The assessment of one text: whether it is urgent, its category, the family label and the words that decided it."""

    urgent: bool
    category: str | None  # a TriageCategory value, or None when not urgent
    matches: tuple[str, ...]  # the words that triggered it, as the person wrote them
    # What decided it: the lexicon list that matched ("presente", "sintoma", "diagnostico" or
    # "combinacion:<nombre>"), with "+presente" when a present-time cue outweighed a past one;
    # "suprimido:<familia>" when every mention was set aside; "sin_coincidencias" when none matched.
    rule: str
    suppressed: tuple[str, ...] = ()  # the mentions set aside, for the officer to check
    label: str | None = None  # the clinical family the officer sees ("posible evento vascular cerebral"), when urgent

    def as_json(self) -> dict:
        """The fields other programs read: urgent, category, label and matches."""
        return {"urgent": self.urgent, "category": self.category, "label": self.label, "matches": list(self.matches)}

    def heading(self) -> str:
        """The category and, when it says more, the family label: «urgencia médica — posible anafilaxia»."""
        if self.category is None:
            return self.label or ""
        category = CATEGORY_LABELS[TriageCategory(self.category)]
        return category if not self.label or self.label == category else f"{category} — {self.label}"

    def describe(self) -> str:
        """One Spanish line for the officer, naming the words that triggered or were set aside."""
        if self.urgent:
            words = ", ".join(f"«{match}»" for match in self.matches)
            return f"URGENTE — {self.heading()} — {words}"
        if self.suppressed:
            reason = SUPPRESSION_LABELS.get(self.rule.partition(":")[2], "sin efecto")
            words = ", ".join(f"«{match}»" for match in self.suppressed)
            return f"sin urgencia — descartado ({reason}): {words}"
        return "sin urgencia"


NOT_URGENT = Triage(urgent=False, category=None, matches=(), rule="sin_coincidencias")
