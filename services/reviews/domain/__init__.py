"""The country reviews, as pure rules: no flask, sqlalchemy or pika here."""
