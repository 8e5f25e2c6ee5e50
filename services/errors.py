"""Domain errors whose message is Spanish and tells the person what is missing."""


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
