"""REVMOD's common library: bus, outbox, inbox, consumer, event contracts, config, db, errors, clock."""
