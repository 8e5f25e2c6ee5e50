"""A checkbox whose state reads without colour: ✓ when checked, blank when not."""

from textual.widgets import Checkbox


class ClearCheckbox(Checkbox):
    """Textual's checkbox draws the same «X» in both states and tells them apart only by colour."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - the name Textual's ToggleButton reads
        """✓ when ticked."""
        return "✓" if self.value else " "
