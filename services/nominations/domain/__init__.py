"""Nomination rules, pure: no flask, sqlalchemy or pika here."""
