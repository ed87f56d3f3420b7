"""Building the e-mail itself: headers that cannot be injected, a deterministic Message-ID."""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import hashlib
from email.message import EmailMessage

MESSAGE_ID_DOMAIN = "revmod.example.org"


class UnsafeHeader(ValueError):
    """A value bound for a header holds a line break: refused, since it could add headers."""

    def __init__(self, header: str) -> None:
        super().__init__(f"the {header} header may not contain a line break (CR or LF)")
        self.header = header


def refuse_line_breaks(header: str, value: str) -> str:
    # splitlines() also catches the other separators (\v, \f, \x1c, \u2028...) that some
    # mail software treats as line ends
    if "\r" in value or "\n" in value or len(value.splitlines()) > 1:
        raise UnsafeHeader(header)
    return value


def message_id_for(idempotency_key: str) -> str:
    """The same message always carries the same Message-ID, so that the one duplicate we
    cannot rule out (a crash between sending and recording) can be dropped by the receiver."""
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]
    return f"<{digest}@{MESSAGE_ID_DOMAIN}>"


def build_email(
    *,
    mail_from: str,
    recipients: list[str],
    subject: str,
    body: str,
    message_id: str,
    date: dt.datetime,
) -> EmailMessage:
    msg = EmailMessage(policy=email.policy.default)
    msg["From"] = refuse_line_breaks("From", mail_from)
    msg["To"] = ", ".join(refuse_line_breaks("To", r) for r in recipients)
    msg["Subject"] = refuse_line_breaks("Subject", subject)
    msg["Message-ID"] = refuse_line_breaks("Message-ID", message_id)
    msg["Date"] = email.utils.format_datetime(date)
    msg.set_content(body)
    return msg
