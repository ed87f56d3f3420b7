"""Where a request came from, as the handlers need it: the network address that failures
are counted against, and the request id the audit log names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    address: str
    request_id: str
