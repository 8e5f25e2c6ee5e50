"""A result from the database reaches only a screen that is still there to show it."""

from textual.app import App
from textual.widgets import Static

from tui.work import listening


async def test_a_node_being_removed_takes_no_result():
    app = App()
    async with app.run_test() as pilot:
        shown = Static("Hoy", id="kept")
        await app.screen.mount(shown)
        await pilot.pause()
        assert listening(shown)
        removal = shown.remove()
        # The window the sign-out race fell into: still attached, its children may be gone already.
        assert shown.is_attached and not listening(shown)
        await removal
        assert not listening(shown)
