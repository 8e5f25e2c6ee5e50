"""paused_collection: no cycle collection inside, the collector's previous state restored after, nested or not."""

import gc
import threading

import pytest

from services.collection import paused_collection

pytestmark = pytest.mark.usefixtures("collector_on")


def test_paused_inside_and_back_after_even_on_error():
    with pytest.raises(ValueError), paused_collection():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_nested_and_overlapping_holders_enable_it_only_when_the_last_leaves():
    entered, leave = threading.Event(), threading.Event()

    def other_holder():
        with paused_collection():
            entered.set()
            leave.wait(5)

    thread = threading.Thread(target=other_holder)
    thread.start()
    entered.wait(5)
    with paused_collection(), paused_collection():
        assert not gc.isenabled()
    assert not gc.isenabled(), "the other thread still holds it"
    leave.set()
    thread.join(5)
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled():
    gc.disable()
    with paused_collection():
        pass
    assert not gc.isenabled()
