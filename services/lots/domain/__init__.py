"""The drawing of lots, as pure rules: no flask, sqlalchemy or pika here."""
