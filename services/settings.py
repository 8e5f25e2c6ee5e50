"""Settings read from the environment (MOAD_*) with the embedded SQLite file as default."""

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from services.errors import InvalidInput

# Read with the standard library: the desk reads these before its first screen, which pydantic-settings delayed.
_PREFIX = "MOAD_"


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("moad-desk", appauthor=False))


@dataclass(frozen=True)
class Settings:
    """Where the data lives and how the desk behaves; every field can be set as MOAD_<NAME>."""

    data_dir: Path = field(default_factory=_default_data_dir)
    database_url: str | None = None
    idle_lock_minutes: int = 5
    retention_years: int = 5
    url_publica: str = ""
    """Where `moad publicar` is reached from outside (e.g. https://consulta.unidad.gob.mx): printed on the acuse."""
    # This machine's CUPS queue when none was chosen in Administración (a printer belongs to the machine).
    impresora: str | None = None

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> "Settings":
        """The settings named by MOAD_<NAME> variables (in any letter case), the defaults for the rest."""
        values = {name.upper(): value for name, value in (os.environ if environ is None else environ).items()}
        given: dict[str, object] = {}
        for name in ("data_dir", "database_url", "url_publica", "impresora"):
            if (value := values.get(_PREFIX + name.upper())) is not None:
                given[name] = Path(value) if name == "data_dir" else value
        for name in ("idle_lock_minutes", "retention_years"):
            if (value := values.get(_PREFIX + name.upper())) is not None:
                given[name] = _whole_number(_PREFIX + name.upper(), value)
        return cls(**given)  # type: ignore[arg-type]

    def resolved_database_url(self) -> str:
        """The database URL in force: MOAD_DATABASE_URL or the SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'moad.sqlite3'}"

    def private_data_dir(self) -> Path:
        """The data directory, created 0700 (or tightened to 0700 when it exists looser) before anything is written."""
        from services.private_files import private_dir

        return private_dir(self.data_dir)


def _whole_number(variable: str, value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise InvalidInput(f"{variable} debe ser un número entero (tiene «{value}»).") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings.from_environment()
