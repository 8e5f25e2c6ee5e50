"""Suggesters for typed values the desk has seen before: e-mail domains and códigos postales."""

from collections.abc import Callable

from textual.suggester import Suggester


class DomainSuggester(Suggester):
    """Completes the part of an e-mail address after the @ with a domain typed before (or a common one)."""

    def __init__(self, domains: list[str]) -> None:
        super().__init__(use_cache=False)
        self.domains = domains

    async def get_suggestion(self, value: str) -> str | None:
        """«ana@g» → «ana@gmail.com»; nothing before the @ is ever suggested."""
        local, at, typed = value.rpartition("@")
        if not at or not local:
            return None
        typed = typed.lower()
        return next((f"{local}@{name}" for name in self.domains if name.startswith(typed) and name != typed), None)


class PostalCodeSuggester(Suggester):
    """Suggests the códigos postales typed before with the colonia already on screen, the most frequent first."""

    def __init__(self, codes: Callable[[], list[str]]) -> None:
        super().__init__(use_cache=False)
        self.codes = codes

    async def get_suggestion(self, value: str) -> str | None:
        """The first known code that starts with what is typed."""
        typed = value.strip()
        return next((code for code in self.codes() if code.startswith(typed)), None)
