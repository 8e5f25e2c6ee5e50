"""Drafts of the intake form kept on disk, so what was typed survives a closed terminal or a crash."""

import json
import os
import tempfile
from pathlib import Path


def draft_path(data_dir: Path, usuario: str) -> Path:
    """Where one user's draft lives."""
    safe = "".join(ch for ch in usuario if ch.isalnum() or ch in "-_") or "anonimo"
    return data_dir / "borradores" / f"{safe}.json"


def save(data_dir: Path, usuario: str, fields: dict) -> None:
    """Write the draft atomically: a crash leaves either the old draft or the new one, never half."""
    path = draft_path(data_dir, usuario)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".borrador-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(fields, out, ensure_ascii=False)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load(data_dir: Path, usuario: str) -> dict | None:
    """The saved draft, or None when there is none (or it cannot be read)."""
    path = draft_path(data_dir, usuario)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def discard(data_dir: Path, usuario: str) -> None:
    """Remove the draft once the petition is saved or the officer throws it away."""
    draft_path(data_dir, usuario).unlink(missing_ok=True)
