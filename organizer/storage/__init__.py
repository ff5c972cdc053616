"""Storage: the engine, typed models, migrations and query helpers."""
