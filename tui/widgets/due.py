"""How the open clock of a petition reads on screen: a symbol and words as well as a colour."""

from datetime import date

from rich.text import Text

from services.calendar import BusinessCalendar

OVERDUE_STYLE = "bold red"
SOON_STYLE = "bold dark_orange"
FINE_STYLE = "green"
NO_DATE = Text("—", style="dim")


def due_label(vence_en: date | None, today: date, calendar: BusinessCalendar, *, unit: str = "",
              none: Text = NO_DATE) -> Text:
    """«✓ quedan 3», «⚠ vence hoy», «⚠ queda 1» or «⏰ vencida 2», each followed by `unit` where it counts days."""
    if vence_en is None:
        return none.copy()
    left = calendar.business_days_left(today, vence_en)
    if vence_en < today:
        return Text(f"⏰ vencida {-left}{unit}" if left else "⏰ vencida", style=OVERDUE_STYLE)
    if vence_en == today:
        return Text("⚠ vence hoy", style=SOON_STYLE)
    if left <= 1:
        return Text(f"⚠ queda 1{unit}", style=SOON_STYLE)
    return Text(f"✓ quedan {left}{unit}", style=FINE_STYLE)
