"""Demo data: catalogs of one unit and N petitions with generated people, spread over the last 12 months."""

from services.demo.catalog import DEMO_PIN, DEMO_USERS, Catalog, ensure_catalogs, set_up_day
from services.demo.fill import populate

__all__ = ["DEMO_PIN", "DEMO_USERS", "Catalog", "ensure_catalogs", "populate", "set_up_day"]
