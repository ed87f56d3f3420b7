"""Bearer tokens already verified, remembered until they expire.

A client sends the same token with every request for hours, and checking its signature
and claims costs more than the rest of a small read (RSA or ECDSA keys, which an identity
provider uses, far more than HMAC). A token that passed `verify` names the
same caller until its `exp`, so the caller is remembered under the token string itself, in
a bounded least-recently-used table, and refused from the second it expires, exactly as a
fresh check would refuse it. A refused token is never remembered: it costs the full check
each time and cannot push valid tokens out.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from shared.auth.jwt import JwtConfig, Principal, Unauthenticated, verify_until

#: distinct live tokens one web process keeps; far above the callers one service has at once
DEFAULT_SIZE = 4096


class VerifiedTokens:
    def __init__(self, config: JwtConfig, size: int = DEFAULT_SIZE,
                 now: Callable[[], float] = time.time) -> None:
        self._config = config
        self._size = size
        self._now = now  # POSIX seconds, PyJWT's own clock
        self._known: OrderedDict[str, tuple[Principal, int]] = OrderedDict()
        # gunicorn's threaded workers serve requests of one process side by side
        self._lock = threading.Lock()

    def verify(self, token: str) -> Principal:
        """The token's caller; Unauthenticated if it is not valid (or no longer)."""
        with self._lock:
            known = self._known.get(token)
            if known is not None:
                self._known.move_to_end(token)
        if known is None:
            known = verify_until(token, self._config)
            with self._lock:
                self._known[token] = known
                if len(self._known) > self._size:
                    self._known.popitem(last=False)
        principal, expires = known
        if expires <= self._now():  # PyJWT's own rule, with no leeway
            with self._lock:
                self._known.pop(token, None)
            raise Unauthenticated("the token has expired")
        return principal

    def __contains__(self, token: str) -> bool:
        return token in self._known
