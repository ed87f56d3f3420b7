"""The redelivered message a consumer holds, written down outside the process, so that a
message that killed the worker cannot do so twice.

A worker that dies holding messages (a crash in a C library, the kernel's OOM killer, a
watched thread that died, a liveness probe that gave up on a stuck handler) leaves them to
the broker, which delivers them again with `redelivered` set. Quorum queues count such a
return towards `x-delivery-limit` (RabbitMQ 3.10 to 3.13, tried on 3.10), so a message
that kills whoever takes it would kill BUS_MAX_DELIVERIES workers in a row before the
broker dead-letters it, and would charge a delivery to every batch-mate each time.

So the consumer handles a redelivered message alone, with its digest written here while it
does. A process that dies then leaves the digest behind; the next one reads it at start,
and a redelivered message with that digest has killed twice (once in its first batch,
once alone): it goes to the dead letters without being handled again. The file is
written, not synced: it must outlive the process, not the machine.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: how many killers a worker remembers across its restarts
REMEMBERED = 100


class InHand:
    """Where a consumer notes the redelivered message it is handling; `path` None keeps no
    record (a consumer built for a test that handles bodies in its own process)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.killers: list[str] = []
        if path is not None and path.exists():
            self.killers = path.read_text().split()[-REMEMBERED:]

    def killed_before(self, body: bytes) -> bool:
        """Whether a worker died while it held this message alone."""
        return _digest(body) in self.killers

    @contextmanager
    def holding(self, body: bytes) -> Iterator[None]:
        """Note the message while the block handles it; a process that dies inside the
        block leaves the note for the next."""
        if self.path is None:
            yield
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text("\n".join([*self.killers, _digest(body)]) + "\n")
        try:
            yield
        finally:
            self.path.write_text("".join(f"{k}\n" for k in self.killers))


def take_batch(arrived: deque, most: int) -> list:
    """The messages waiting, up to `most` of them, stopping before a redelivered one: a
    message the broker delivers again is taken alone."""
    batch: list = []
    while arrived and len(batch) < most:
        redelivered = arrived[0].redelivered
        if redelivered and batch:
            break
        batch.append(arrived.popleft())
        if redelivered:
            break
    return batch


def _digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
