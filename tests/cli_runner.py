"""Run the `moad` command line in a child process, as a person or a script would, on the test's stopped clock."""

import subprocess
import sys
from pathlib import Path

from services.demo import DEMO_PIN
from tests.conftest import child_env

ROOT = Path(__file__).resolve().parents[1]


def moad(*args: str, db: str | None = None, stdin: str | None = None, data_dir=None, user: str | None = None,
         pin: str = DEMO_PIN) -> subprocess.CompletedProcess:
    """Run `moad ARGS --db DB`; with `user`, sign in as that user with the PIN on the first line of stdin."""
    env = child_env(MOAD_DATA_DIR=str(data_dir or "/nonexistent-moad-dir"))
    env.pop("MOAD_DATABASE_URL", None)
    env.pop("MOAD_USUARIO", None)
    command = [sys.executable, "-m", "cli.main", *args] + (["--db", db] if db else [])
    if user is not None:
        command += ["--usuario", user, "--pin-stdin"]
        stdin = f"{pin}\n{stdin or ''}"
    # A new session has no controlling terminal, as under cron or CI: nothing can be typed at /dev/tty.
    return subprocess.run(command, cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=300,
                          start_new_session=True)
