"""Settings read from the environment (MOAD_*) with the embedded SQLite file as default."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("moad-desk", appauthor=False))


class Settings(BaseSettings):
    """Where the data lives and how the desk behaves; every field can be set as MOAD_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="MOAD_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None
    idle_lock_minutes: int = 5
    retention_years: int = 5
    url_publica: str = ""
    """Where `moad publicar` is reached from outside (e.g. https://consulta.unidad.gob.mx): printed on the acuse."""
    # This machine's CUPS queue when none was chosen in Administración (a printer belongs to the machine).
    impresora: str | None = None

    def resolved_database_url(self) -> str:
        """The database URL in force: MOAD_DATABASE_URL or the SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'moad.sqlite3'}"

    def private_data_dir(self) -> Path:
        """The data directory, created 0700 (or tightened to 0700 when it exists looser) before anything is written."""
        from services.private_files import private_dir

        return private_dir(self.data_dir)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
