"""The database side every service shares: engines and sessions, migrations, the SQLite
write lock and the data versions of the tables."""
