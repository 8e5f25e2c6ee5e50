"""On each sweep day the header's overdue count is F4's, on a demo built that day."""

import re

from textual.widgets import OptionList

from services.demo import populate
from tests.factories import F4_SITUATION
from tests.tui.conftest import settle, sign_in
from tui.widgets.desk_header import DeskHeader


async def test_header_and_f4_agree(app_factory, sweep_morning):
    app = app_factory(lambda engine: populate(engine, n=150, today=sweep_morning.day))
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot, "supervisor")
        header = str(app.screen.query_one(DeskHeader).render())
        shown = int(re.search(r"⏰ (\d+) vencidas?", header).group(1))
        await pilot.press("f4")
        await settle(pilot)
        options = app.screen.query_one("#esc-list", OptionList)
        lines = [str(options.get_option_at_index(i).prompt).rstrip() for i in range(options.option_count)
                 if not options.get_option_at_index(i).disabled]
        assert all(F4_SITUATION.search(line) for line in lines), lines
        assert shown == sum("⏰ vencido" in line for line in lines)
        report = [line for line in lines if "Anexo 1" in line]
        assert len(report) == 1 and sweep_morning.report_due.strftime("%d/%m/%Y") in report[0]
