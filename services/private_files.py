"""Files and folders private to the desk account (0600/0700 whatever the umask), written whole or not at all."""

import errno
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from services.errors import InvalidInput

FILE_MODE = 0o600
DIR_MODE = 0o700
# The one place bytes reach the disk, so a test can stand in a disk that is full.
_write = os.write


def private_dir(path: Path | str) -> Path:
    """Create the folder (and any missing parent) as 0700, tightening it to 0700 if it already exists looser."""
    path = Path(path).expanduser()
    make_parents(path / "_")
    if path.stat().st_mode & 0o777 != DIR_MODE:
        os.chmod(path, DIR_MODE)
    return path


def make_parents(path: Path | str) -> Path:
    """Create the missing folders above path as 0700, leaving existing ones (the user's own folders) alone."""
    path = Path(path).expanduser()
    missing = [parent for parent in path.parents if not parent.exists()]
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        # mkdir's mode passes through the umask; chmod does not.
        os.chmod(folder, DIR_MODE)
    return path


def inside(base: Path | str, *parts: str) -> Path:
    """base/parts, refused when a part (a folio, a clave, a name from the database) would lead out of base."""
    root = Path(base).expanduser().resolve()
    candidate = root.joinpath(*parts).resolve()
    if not candidate.is_relative_to(root) or candidate == root:
        shown = "/".join(str(part) for part in parts)
        raise InvalidInput(f"La ruta «{shown}» saldría del directorio de datos; no se escribió ningún archivo.")
    return candidate


def data_folder(data_dir: Path | str, *parts: str) -> Path:
    """A 0700 folder under the data directory (itself 0700), refused when the parts would lead out of it."""
    private_dir(data_dir)
    return private_dir(inside(data_dir, *parts))


def check_output(path: Path | str, *, overwrite: bool, protected: Iterable[Path | str] = ()) -> Path:
    """An output file a command may write: never one of the protected files (the database and its companions),
    and not an existing file unless overwrite."""
    path = Path(path).expanduser()
    for guarded in protected:
        if _same_file(path, Path(guarded)):
            raise InvalidInput(f"«{path}» es un archivo de la base de datos; elija otro nombre de salida "
                               "(sobre la base no se escribe ni con --sobrescribir).")
    if path.is_dir():
        raise InvalidInput(f"«{path}» es una carpeta; escriba la ruta completa del archivo que se va a crear en ella.")
    if (path.exists() or path.is_symlink()) and not overwrite:
        raise InvalidInput(f"«{path}» ya existe; elija otro nombre o agregue --sobrescribir para reemplazarlo.")
    return path


def _same_file(path: Path, guarded: Path) -> bool:
    try:
        # Same inode: also a hard link or a symbolic link to the database under another name.
        return os.path.samefile(path, guarded)
    except OSError:
        return path.resolve() == guarded.expanduser().resolve()


def create_private(path: Path | str) -> Path:
    """Create path as an empty 0600 file if it does not exist, and tighten it to 0600 if it does."""
    path = Path(path)
    make_parents(path)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        tighten([path])
        return path
    try:
        os.fchmod(descriptor, FILE_MODE)
    finally:
        os.close(descriptor)
    return path


def tighten(paths: Iterable[Path | str]) -> None:
    """Set each existing file of paths to 0600 (files an older version left readable by others)."""
    for path in paths:
        try:
            if os.stat(path).st_mode & 0o777 != FILE_MODE:
                os.chmod(path, FILE_MODE)
        except FileNotFoundError:
            continue
        except PermissionError:
            # Another account's file: SQLite (or the reader) will say what it can and cannot do with it.
            continue


@contextmanager
def private_writer(path: Path | str, *, encoding: str | None = None, newline: str | None = None) -> Iterator[IO]:
    """A file to write path through (text when encoding is given): a 0600 temporary beside it, synced and renamed."""
    path = Path(path)
    make_parents(path)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(descriptor, FILE_MODE)
        handle: IO = io.BufferedWriter(_Raw(descriptor))
        if encoding is not None:
            handle = io.TextIOWrapper(handle, encoding=encoding, newline=newline)
        with handle:
            yield handle
            handle.flush()
            os.fsync(descriptor)
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            from services.db_errors import DiskFull

            raise DiskFull(f"El disco está lleno; no se escribió «{path.name}». Libere espacio y repita la "
                           "operación.") from error
        raise
    _sync_folder(path.parent)


def write_private(path: Path | str, data: bytes) -> Path:
    """Write data to path as a 0600 file, atomically: a failure leaves the old file or none, never a partial one."""
    with private_writer(path) as handle:
        handle.write(data)
    return Path(path)


class _Raw(io.RawIOBase):
    """The descriptor of a temporary file, written through _write."""

    def __init__(self, descriptor: int) -> None:
        self._descriptor = descriptor

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        return _write(self._descriptor, data)

    def fileno(self) -> int:
        return self._descriptor

    def close(self) -> None:
        if not self.closed:
            super().close()
            os.close(self._descriptor)


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk too.
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
