"""Every pending action kind has a group title and a name to count it by, so a new kind cannot go unnamed."""

from services.pending import ACTION_FOR_CLOCK, ACTION_ORDER
from services.pending_labels import GROUP_TITLES, SUMMARY_NAMES, count_text, summary_key


def test_every_action_kind_is_named():
    kinds = set(ACTION_ORDER) | {accion for accion, _ in ACTION_FOR_CLOCK.values()}
    assert kinds <= GROUP_TITLES.keys()
    assert {summary_key(kind) for kind in kinds} == SUMMARY_NAMES.keys()


def test_counts_read_in_singular_and_plural():
    assert count_text("recordatorio_2", 1) == "1 recordatorio"
    assert count_text("recordatorio", 3) == "3 recordatorios"
    assert count_text("acuse_buzon", 2) == "2 avisos de buzón"
