"""The Bandeja at 80 columns: urgency, folio, state, term, missing data and reception fit whole beside the scrollbar."""

import pytest

from tui.queue_rows import COLUMNS, column_widths

SCROLLBAR = 1
FIRST_SIX = [key for key, _ in COLUMNS[:6]]


@pytest.mark.parametrize("clave", ["UMF-P", "CMF-DEMO", "HGZ-0123"])
def test_the_columns_an_officer_acts_on_fit_80_cells_with_the_scrollbar(clave):
    widths = column_widths(clave)
    assert FIRST_SIX == ["urgente", "folio", "estado", "plazo", "datos", "recibida"]
    assert sum(widths[key] for key in FIRST_SIX) + SCROLLBAR <= 80
