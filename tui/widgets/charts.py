"""Bar charts for the terminal (textual-plotext): one labelled row per bar and whole-number ticks."""

from typing import Any

TICKS = 4


def tick_step(top: int) -> int:
    """A whole step of 1, 2 or 5 times a power of ten giving about four ticks up to top."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor * TICKS >= top:
                return step * factor
        step *= 10


def draw_bars(plt: Any, labels: list[str], values: list[int], title: str) -> None:
    """Horizontal bars, so every label has a row of its own however narrow the terminal; counts are whole numbers."""
    plt.bar(labels, values, orientation="horizontal")
    step = tick_step(max([*values, 1]))
    ticks = list(range(0, max([*values, 1]) + step, step))
    plt.xticks(ticks, [f"{tick:,}" for tick in ticks])
    plt.xlim(0, ticks[-1])
    plt.title(title)
