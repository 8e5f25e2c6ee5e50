"""The catalogs an administrator keeps: the unit, its áreas, buzones, users and term overrides, one module each."""
