"""RabbitMQ through pika: topology, outbox relay, idempotent consumer, reconnection."""
