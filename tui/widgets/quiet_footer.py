"""A Footer that repaints only when the keys it shows change."""

from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    """A Footer rebuilt only when the keys it shows change: Textual's rebuilds it on every focus change, which made
    each Tab in a long form cost a third of a second on a desk computer."""

    shown: tuple = ()

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple((binding.key, binding.action, binding.description, enabled, tooltip)
                      for _, binding, enabled, tooltip in screen.active_bindings.values() if binding.show)
        if self._bindings_ready and shown == self.shown:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.shown = shown
        super().bindings_changed(screen)
