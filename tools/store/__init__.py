"""The system of record: models, migrations and the database handle."""
