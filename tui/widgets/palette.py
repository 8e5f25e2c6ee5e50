"""The command palette in Spanish: Textual's own palette with its two English strings translated."""

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

PLACEHOLDER = "Buscar una pantalla, una acción o un folio…"
NO_MATCHES = "Sin resultados"


class DeskPalette(CommandPalette):
    """Ctrl+P: screens, «ir al folio …» and the desk's commands, with Spanish prompts."""

    def __init__(self) -> None:
        super().__init__(placeholder=PLACEHOLDER, id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual 8.2.8 writes «No matches found» inside this method; it is the same countdown with the Spanish text.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
