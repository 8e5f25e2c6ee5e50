"""A checkbox whose state reads without colour: ✓ when checked, blank when not."""

from textual.widgets import Checkbox


class ClearCheckbox(Checkbox):
    """Textual's checkbox draws the same «X» in both states and tells them apart only by colour."""

    # Textual reads a class attribute; a property lets the glyph follow the value.
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        """✓ when ticked."""
        return "✓" if self.value else " "
