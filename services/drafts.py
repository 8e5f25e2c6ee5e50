"""Drafts of the intake form kept on disk, so what was typed survives a closed terminal or a crash."""

import json
from pathlib import Path

from services.private_files import data_folder, write_private


def draft_path(data_dir: Path, usuario: str) -> Path:
    """Where one user's draft lives."""
    safe = "".join(ch for ch in usuario if ch.isalnum() or ch in "-_") or "anonimo"
    return data_dir / "borradores" / f"{safe}.json"


def save(data_dir: Path, usuario: str, fields: dict) -> None:
    """Write the draft atomically and privately (0600): a crash leaves either the old draft or the new one, never half."""
    path = draft_path(data_dir, usuario)
    data_folder(data_dir, "borradores")
    write_private(path, json.dumps(fields, ensure_ascii=False).encode("utf-8"))


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
