"""Stand-ins for CUPS `lp` and `lpstat`, put first on PATH: they record what they were asked and keep the file."""

import json
import os
import shutil
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

LP = """#!/bin/sh
# Records its argv (one JSON string per line) and copies the last argument, the file, as it received it.
for word in "$@"; do printf '%s\\n' "$word"; done > "{dir}/lp.argv"
for last in "$@"; do :; done
{cp} "$last" "{dir}/received.pdf"
if [ -e "{dir}/fail" ]; then
  echo "lp: The printer or class does not exist." >&2
  exit 1
fi
echo "request id is $2-7 (1 file(s))"
"""
LPSTAT = """#!/bin/sh
case "$1" in
  -e) {names} ;;
  -p) {long} ;;
  -d) echo "system default destination: {default}" ;;
esac
"""


@dataclass
class PrinterStub:
    """Where the stub keeps what `lp` received; `failing()` makes the next `lp` exit 1."""

    folder: Path

    @property
    def argv(self) -> list[str]:
        """The arguments of the last `lp` call, or [] when it was never called."""
        calls = self.folder / "lp.argv"
        return calls.read_text(encoding="utf-8").splitlines() if calls.exists() else []

    @property
    def received(self) -> Path:
        """The copy of the file `lp` was given."""
        return self.folder / "received.pdf"

    def text(self) -> str:
        """The received PDF's text, through pdftotext, with whitespace collapsed."""
        out = subprocess.run(["pdftotext", "-layout", str(self.received), "-"], capture_output=True, text=True,
                             check=True).stdout
        return " ".join(out.split())

    def failing(self) -> None:
        """Make `lp` refuse from now on, as CUPS does for an unknown queue."""
        (self.folder / "fail").write_text("1")


def install(folder: Path, monkeypatch, *, printers: tuple[str, ...] = ("Escritorio", "PDF"),
            default: str = "PDF", with_lp: bool = True) -> PrinterStub:
    """Write the stubs under folder and put them first on PATH (without lp: lpstat only, as on a bare machine)."""
    folder.mkdir(parents=True, exist_ok=True)
    scripts = {"lpstat": LPSTAT.format(names=f"printf '%s\\n' {' '.join(map(json.dumps, printers))}",
                                       long="; ".join(f"echo 'printer {p} is idle.  enabled since now'" for p in printers)
                                       or ":", default=default)}
    if with_lp:
        scripts["lp"] = LP.format(dir=folder, cp=shutil.which("cp") or "/bin/cp")
    bin_dir = folder / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, body in scripts.items():
        script = bin_dir / name
        script.write_text(body)
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
    # Without lp, the rest of PATH must not offer a real one either.
    path = str(bin_dir) if not with_lp else f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    monkeypatch.setenv("PATH", path)
    return PrinterStub(folder)
