"""Pausing Python's cycle collector while a big batch of short-lived rows is built."""

import gc
import threading
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
_LOCK = threading.Lock()
_state = {"holders": 0, "was_enabled": False}


@contextmanager
def paused_collection() -> Iterator[None]:
    """No cyclic garbage collection inside the block; reference counting still frees everything as usual."""
    # Building tens of thousands of rows trips several full collections, and each walks the whole heap (SQLAlchemy,
    # Textual and the rest): for `moad pendientes` they cost more than reading the rows. The rows hold no cycles, so
    # nothing waits for the collector; it runs again, at its next threshold, when the last holder leaves.
    with _LOCK:
        if _state["holders"] == 0:
            _state["was_enabled"] = gc.isenabled()
            gc.disable()
        _state["holders"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _state["holders"] -= 1
            if _state["holders"] == 0 and _state["was_enabled"]:
                gc.enable()


def paused_steps(items: Iterable[T]) -> Generator[T, None, None]:
    """Each item made, and then handled by the caller's loop, with the collector paused; it may run between items."""
    # Callers close it (contextlib.closing): an error in their loop must not leave the collector paused.
    iterator = iter(items)
    while True:
        with paused_collection():
            try:
                item = next(iterator)
            except StopIteration:
                return
            yield item
