"""REVMOD's common library: bus, outbox, inbox, consumer, contracts, config, db, errors."""
