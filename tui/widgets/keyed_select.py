"""A NumberedSelect whose options arrive after it is built, numbered the same way."""

from typing import Any

from tui.widgets.numbered_select import NumberedSelect


class KeyedSelect(NumberedSelect):
    """The keys 1 to 9 choose an option; set_keyed_options replaces the options once they are read."""

    def set_keyed_options(self, options: list[tuple[str, Any]]) -> None:
        """Replace the options, numbering them as the constructor does."""
        self.keyed_values = [value for _, value in options]
        self.set_options([(f"{n} {label}", value) for n, (label, value) in enumerate(options, 1)])
