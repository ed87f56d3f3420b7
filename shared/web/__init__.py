"""The HTTP side every service shares: the API factory, access, errors as
problem+json, pagination, personal data, the audit log, and the calls to other services."""
