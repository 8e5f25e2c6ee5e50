"""The command palette's entries (Ctrl+P): every screen of the desk, and the folios that exist for what is typed."""

from functools import partial
from typing import cast

from rich.text import Text
from textual.command import Hit, Hits, Provider


class DeskCommands(Provider):
    """Command palette entries: every screen, and «ir al folio …» for whatever folio is typed."""

    async def search(self, query: str) -> Hits:
        from tui.app import SCREENS_BY_NAME, MoadApp

        app = cast(MoadApp, self.app)
        if not app.session_open:
            return
        matcher = self.matcher(query)
        for name, (_, _, title, help_text) in SCREENS_BY_NAME.items():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(app.open_screen, name), help=help_text)
        if any(ch.isdigit() for ch in query) and app.ctx.unidad is not None:
            from services.search import folios
            from tui.work import read

            # Only folios that exist are offered («2982» names the unit's petition number 2982 of any year), so the
            # palette never opens an empty expediente; names and CURPs are searched from the Bandeja, where it is logged.
            found = await read(app.ctx.engine, folios, unidad_id=app.ctx.unidad_id, texto=query) or []
            for rank, folio in enumerate(found):
                yield Hit(1.0 - rank / 100, Text(f"Ir al folio {folio}"), partial(app.open_expediente, folio),
                          text=f"Ir al folio {folio}", help="Abrir el expediente")
