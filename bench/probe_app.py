"""Run the desk (or an empty Textual app) headless and report start-up, memory and paging figures as JSON."""

import asyncio
import json
import resource
import sys
import time

STARTED = time.perf_counter()


def _rss_mb() -> float:
    # ru_maxrss survives exec, so a child started by a big parent would report the parent's peak; VmHWM does not.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def empty() -> None:
    """The baseline: an empty Textual app that quits once its first screen is ready."""
    from textual.app import App

    ready: list[float] = []

    class Empty(App):
        def on_mount(self) -> None:
            self.call_after_refresh(self._mark_ready)

        def _mark_ready(self) -> None:
            ready.append((time.perf_counter() - STARTED) * 1000)
            self.exit()

    Empty().run(headless=True)
    # Ready is the first refresh after mounting, the moment the desk is measured at too (not after the app has closed).
    print(json.dumps({"ready_ms": ready[0], "rss_mb": _rss_mb()}))


async def _page_down(pilot, pages: int) -> dict:
    """Medians and worst of PageDown, both as Pilot sees it and from the key to the repaint that shows its move."""
    import asyncio

    from textual import events

    app = pilot.app
    table = app.focused
    display = app._display
    moved = asyncio.Event()
    state = {"before": -1, "at": 0.0}

    def timed_display(screen, update) -> None:
        display(screen, update)
        # Headless, Textual skips turning the update into terminal bytes; a terminal would pay for it, so we do.
        if update is not None and hasattr(update, "render_segments"):
            update.render_segments(app.console)
        if not moved.is_set() and table.cursor_row != state["before"]:
            state["at"] = time.perf_counter()
            moved.set()

    app._display = timed_display
    pilot_ms, repaint_ms = [], []
    for _ in range(pages):
        # Pilot's own round trip (press, then wait for workers and idle) includes its sleeps of 20 ms each.
        begin = time.perf_counter()
        await pilot.press("pagedown")
        await app.workers.wait_for_complete()
        await pilot.pause()
        pilot_ms.append((time.perf_counter() - begin) * 1000)
        # Key-to-repaint: the key goes into the app's queue and we wait for the update drawn after the cursor moved.
        state["before"] = table.cursor_row
        moved.clear()
        begin = time.perf_counter()
        app.post_message(events.Key("pagedown", None))
        await asyncio.wait_for(moved.wait(), 10)
        repaint_ms.append((state["at"] - begin) * 1000)
        await app.workers.wait_for_complete()
        await pilot.pause()
    app._display = display
    return {"pilot_ms": _median(pilot_ms), "page_ms": _median(repaint_ms), "page_max_ms": max(repaint_ms)}


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def table(pages: int) -> None:
    """The paging baseline: a bare DataTable with the queue's nine columns and 5,000 rows like its own."""
    from rich.text import Text
    from textual.app import App
    from textual.widgets import DataTable

    widths = (10, 21, 15, 15, 2, 17, 15, 10, 14)
    cells = ("▲ URGENTE", "CMF-DEMO-2026-{:06d}", "Canalizada", "✓ quedan 4", "◐", "27/11/2026 11:23", "Inconformidad",
             "Módulo", "Farmacia")

    class Bare(App):
        def compose(self):
            yield DataTable(cursor_type="row", zebra_stripes=True, cell_padding=0)

        def on_mount(self) -> None:
            grid = self.query_one(DataTable)
            for index, width in enumerate(widths):
                grid.add_column(str(index), width=width)
            for row in range(5_000):
                grid.add_row(*(Text(" " + cell.format(row)) for cell in cells), key=str(row))
            grid.focus()

    figures: dict = {}

    async def pilot_run(pilot) -> None:
        await pilot.pause()
        figures.update(await _page_down(pilot, pages))
        pilot.app.exit()

    Bare().run(headless=True, auto_pilot=pilot_run, size=(120, 36))
    print(json.dumps(figures))


def desk(url: str, pages: int) -> None:
    """Start the desk as `moad` does, wait for its first screen; optionally sign in, open the queue and page down."""
    from cli.main import build_parser
    from tui.launch import build_app

    # `moad` parses its command line (every subcommand registered) before it opens the desk.
    build_parser().parse_args(["--db", url])
    app = build_app(url)
    figures: dict = {}

    async def pilot_run(pilot) -> None:
        while type(app.screen).__name__ != "SignInScreen":
            await pilot.pause(0.005)
        # Ready once the sign-in screen has been mounted and drawn, like the empty app's first refresh.
        drawn = asyncio.Event()
        app.screen.call_after_refresh(drawn.set)
        await drawn.wait()
        figures["ready_ms"] = (time.perf_counter() - STARTED) * 1000
        if pages >= 0:
            from services.demo.catalog import DEMO_PIN

            for key in (*"oficial", "enter", *DEMO_PIN, "enter"):
                await pilot.press(key)
            await _until(pilot, "HomeScreen")
            await pilot.press("f3")
            await _until(pilot, "QueueScreen")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            figures["rss_queue_mb"] = _rss_mb()
            if pages:
                figures.update(await _page_down(pilot, pages))
        figures["rss_mb"] = _rss_mb()
        app.exit()

    app.run(headless=True, auto_pilot=pilot_run, size=(120, 36))
    print(json.dumps(figures))


async def _until(pilot, name: str) -> None:
    for _ in range(2000):
        await pilot.app.workers.wait_for_complete()
        if type(pilot.app.screen).__name__ == name:
            return
        await pilot.pause(0.01)
    raise SystemExit(f"la pantalla {name} no apareció")


if __name__ == "__main__":
    if sys.argv[1] == "empty":
        empty()
    elif sys.argv[1] == "table":
        table(int(sys.argv[2]))
    else:
        desk(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else -1)
