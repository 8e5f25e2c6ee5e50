"""Domain errors whose message is Spanish and tells the person what is missing."""

import errno


class DomainError(Exception):
    """A rule of the guide refused the action; the message is shown to the person as is."""


class InvalidInput(DomainError):
    """What a person typed or a file contained is not valid; names the field or line."""


class IllegalTransition(DomainError):
    """The petition's current state does not allow the requested step."""


class PermissionDenied(DomainError):
    """The signed-in user's role does not allow the action; the message names the role needed."""


class NotFound(DomainError):
    """The folio, unit, area or user asked for does not exist."""


_OS_REASONS = {
    "ENOENT": "no existe",
    "EACCES": "no tiene permiso",
    "EPERM": "no tiene permiso",
    "EISDIR": "es una carpeta, no un archivo",
    "ENOTDIR": "una parte de la ruta no es una carpeta",
    "ENOSPC": "el disco está lleno",
    "EDQUOT": "se agotó la cuota de disco",
    "EROFS": "el disco es de solo lectura",
    "ENAMETOOLONG": "el nombre es demasiado largo",
    "EMFILE": "hay demasiados archivos abiertos",
    "EIO": "falló la lectura o escritura en el disco",
}


def os_reason(error: OSError) -> str:
    """Why the operating system refused, in Spanish: its own text (strerror) is English on these machines."""
    name = errno.errorcode.get(error.errno or 0, "")
    return _OS_REASONS.get(name, f"error del sistema {name or type(error).__name__}")
