"""The system and what it runs on, started for a test or a benchmark: the whole system as
real processes, a database or a broker vhost of its own, and waiting without fixed sleeps.
Tests and benchmarks both use it; it uses neither."""


class Unreachable(RuntimeError):
    """PostgreSQL or RabbitMQ cannot be reached, or refused a command; the message says how
    to start it."""
