"""A desk whose terminal hangs up ends by itself: no SIGHUP reaches it (it holds no controlling terminal here, as it
held none under `make run`), and without the watch Textual's input thread spun on the end of its input forever."""

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.conftest import child_env
from tui.terminal_watch import CHECK_EVERY_SECONDS, TERMINAL_GONE, terminal_gone

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _read_until(fd: int, text: bytes, seconds: float) -> bytes:
    seen, deadline = b"", time.monotonic() + seconds
    while text not in seen and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.2)[0]:
            seen += os.read(fd, 65536)
    return seen


def test_a_hung_up_terminal_is_noticed():
    main, terminal = os.openpty()
    assert not terminal_gone(terminal)
    os.close(main)
    assert terminal_gone(terminal)
    os.close(terminal)


def test_the_desk_ends_when_its_terminal_hangs_up(tmp_path):
    main, terminal = os.openpty()
    fcntl.ioctl(main, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    env = child_env(PYTHONPATH=str(ROOT), MOAD_DATA_DIR=str(tmp_path),
                    MOAD_DATABASE_URL=f"sqlite:///{tmp_path / 'moad.sqlite3'}", TERM="xterm-256color")
    desk = subprocess.Popen([sys.executable, "-m", "cli.main"], cwd=ROOT, env=env, stdin=terminal, stdout=terminal,
                            stderr=terminal, start_new_session=True)
    os.close(terminal)
    try:
        shown = _read_until(main, "configuración".encode(), 60)
        assert "configuración".encode() in shown, "la primera pantalla no apareció"
        os.close(main)
        code = desk.wait(timeout=CHECK_EVERY_SECONDS * 5)
        assert code == TERMINAL_GONE
        assert "la terminal se cerró" in (tmp_path / "moad.log").read_text(encoding="utf-8")
    finally:
        if desk.poll() is None:
            desk.kill()
