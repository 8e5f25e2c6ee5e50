"""The secret that keys the event chain: a file of the desk account, outside the database and its backups."""

import os
import secrets
import tempfile
from functools import lru_cache
from pathlib import Path

from services.errors import DomainError

KEY_NAME = "clave-bitacora"
KEY_BYTES = 32
# Keys already read, by path: every event needs the key, and the file does not change while the process runs.
_loaded: dict[Path, bytes] = {}


def key_file() -> Path:
    """Where the key lives: the desk account's configuration folder (~/.config/moad-desk on Linux)."""
    # Every event asks for the key, and platformdirs works the folder out anew each time: remembered per environment.
    return _key_file_under(*(os.environ.get(name) for name in _CONFIG_VARIABLES))


# What platformdirs reads to find the configuration folder on Linux, macOS and Windows.
_CONFIG_VARIABLES = ("XDG_CONFIG_HOME", "HOME", "APPDATA", "USERPROFILE")


@lru_cache(maxsize=8)
def _key_file_under(*_environment: str | None) -> Path:
    from platformdirs import user_config_dir

    # Outside the data directory on purpose: a copy of the database or of its backups does not carry the key.
    return Path(user_config_dir("moad-desk", appauthor=False)) / KEY_NAME


def existing_key() -> bytes | None:
    """The key if its file exists and holds one, without creating it (verification must not mint a key)."""
    path = key_file()
    if path in _loaded:
        return _loaded[path]
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        return None
    if len(key) != KEY_BYTES:
        raise KeyFileDamaged(f"El archivo de la clave de la bitácora «{path}» está dañado (debe tener {KEY_BYTES} "
                             "bytes); restáurelo de su respaldo.")
    _loaded[path] = key
    return key


def chain_key_bytes() -> bytes:
    """The key, created on first use as 32 random bytes in a 0600 file of a 0700 folder."""
    key = existing_key()
    if key is not None:
        return key
    path = key_file()
    from services.private_files import make_parents

    make_parents(path)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{KEY_NAME}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(secrets.token_bytes(KEY_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        # link() never replaces: when two processes create the key at once, both end up with the first one written.
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
    key = existing_key()
    if key is None:
        raise KeyFileDamaged(f"No se pudo crear la clave de la bitácora en «{path}».")
    return key


class KeyFileDamaged(DomainError):
    """The key file is missing after creating it or does not hold a key; the message is Spanish."""
