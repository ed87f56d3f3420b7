"""Handing a message to the SMTP server with smtplib, and telling a temporary failure
(try again later) from a permanent one (the message can never go)."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage


@dataclass(frozen=True)
class SmtpFailure:
    permanent: bool
    reason: str


class SmtpMailer:
    """One connection per message: simple, and no idle connection for the server to drop."""

    def __init__(self, settings) -> None:
        self.host = settings.smtp_host
        self.port = settings.smtp_port
        self.starttls = settings.smtp_starttls
        self.username = settings.smtp_username
        self.password = settings.smtp_password
        self.timeout = settings.smtp_timeout
        self.mail_from = settings.mail_from

    def send(self, msg: EmailMessage, recipients: list[str]) -> dict:
        """Send; return the recipients the server refused while accepting others."""
        smtp = smtplib.SMTP(timeout=self.timeout)
        try:
            smtp.connect(self.host, self.port)
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password or "")
            return smtp.send_message(msg, from_addr=self.mail_from, to_addrs=recipients)
        finally:
            _quit_quietly(smtp)


def _quit_quietly(smtp: smtplib.SMTP) -> None:
    # once DATA was accepted the message is delivered; a failing QUIT must not make it
    # look like a failure (that would send it again)
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


_NOT_THE_MESSAGE = (
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPNotSupportedError,
    smtplib.SMTPSenderRefused,
)


def classify(exc: BaseException) -> SmtpFailure:
    """4xx, a refused or dropped connection, a timeout: temporary. 5xx: permanent.

    A refusal of the greeting, HELO, AUTH, STARTTLS or our own sender address is about the
    relay or its configuration, not about this message, so it is temporary whatever its code:
    the mail waits for IT to fix the settings instead of being lost.
    """
    if isinstance(exc, _NOT_THE_MESSAGE):
        return SmtpFailure(False, f"SMTP server or configuration: {_describe(exc)}")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return SmtpFailure(not any(400 <= c < 500 for c in codes), _describe(exc))
    if isinstance(exc, smtplib.SMTPResponseException):
        return SmtpFailure(500 <= exc.smtp_code < 600, _describe(exc))
    if isinstance(exc, smtplib.SMTPServerDisconnected | OSError):
        # ConnectionRefusedError, TimeoutError and socket errors are all OSError
        return SmtpFailure(False, _describe(exc))
    return SmtpFailure(True, _describe(exc))


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error
        text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return f"{exc.smtp_code} {text}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{rcpt}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for rcpt, (code, msg) in exc.recipients.items()
        )
    return f"{exc.__class__.__name__}: {exc}"
