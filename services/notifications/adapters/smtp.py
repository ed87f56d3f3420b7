"""Handing a message to the SMTP server with smtplib, and telling a temporary failure
(try again later) from a permanent one (the message can never go)."""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from services.notifications.domain.mail import Email

#: an e-mail address as a server may quote it in its reply
_ADDRESS = re.compile(r"[^\s<>()\[\];,:\"']+@[^\s<>()\[\];,:\"']+")


@dataclass(frozen=True)
class SmtpFailure:
    permanent: bool
    reason: str  # kept with the message, where only those who may see addresses read it

    @property
    def loggable(self) -> str:
        """The reason with the addresses it quotes left out: logs hold no personal data."""
        return _ADDRESS.sub("(an address)", self.reason)


_LOOPBACK = ("127.0.0.1", "::1", "localhost")


class SmtpMailer:
    """Connections to the relay. `send` uses one connection for one message; the deliverer
    opens a `session` for each round, so a round of messages shares one connection (one TLS
    handshake, one login) and no connection stays idle between rounds.

    STARTTLS verifies the relay's certificate (against SMTP_TLS_CA_FILE if the relay uses a
    private CA); credentials are refused at start if they would cross the network in clear.
    """

    def __init__(self, settings) -> None:
        self.host = settings.smtp_host
        self.port = settings.smtp_port
        self.starttls = settings.smtp_starttls
        self.ca_file = getattr(settings, "smtp_tls_ca_file", None)
        self.username = settings.smtp_username
        self.password = settings.smtp_password
        self.timeout = settings.smtp_timeout
        self.mail_from = settings.mail_from
        if self.username and not self.starttls and self.host not in _LOOPBACK:
            raise ValueError("SMTP_USERNAME is set but SMTP_STARTTLS is not: the password "
                             f"would travel in clear to {self.host}")

    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)

    def connect(self) -> smtplib.SMTP:
        """A connection ready to send: greeted, secured and logged in as configured."""
        # connected by the constructor: STARTTLS checks the certificate against the host
        # given there (smtplib's connect() alone leaves that name unset)
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.starttls:
                smtp.starttls(context=self.tls_context())
            if self.username:
                smtp.login(self.username, self.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, msg: Email, recipients: list[str]) -> dict:
        """Send; return the recipients the server refused while accepting others."""
        with self.session() as session:
            return session.send(msg, recipients)

    @contextmanager
    def session(self) -> Iterator[SmtpSession]:
        session = SmtpSession(self)
        try:
            yield session
        finally:
            session.close()


class SmtpSession:
    """One connection reused message after message; opened on the first send, dropped after
    any failure (the next message starts on a fresh one)."""

    def __init__(self, mailer: SmtpMailer) -> None:
        self.mailer = mailer
        self.smtp: smtplib.SMTP | None = None

    def send(self, msg: Email, recipients: list[str]) -> dict:
        reused = self.smtp is not None
        if self.smtp is None:
            self.smtp = self.mailer.connect()
        try:
            mail_from = self.mailer.mail_from
            return self.smtp.sendmail(mail_from, recipients, bytes(msg),
                                      _international(self.smtp, mail_from, recipients))
        except smtplib.SMTPServerDisconnected:
            self.close()
            if not reused:
                raise
            # the relay closed a connection we had kept: once more, on a fresh one
            return self.send(msg, recipients)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.smtp is not None:
            _quit_quietly(self.smtp)
            self.smtp = None


def _international(smtp: smtplib.SMTP, mail_from: str, recipients: list[str]) -> tuple:
    """The MAIL options an address outside ASCII needs (its headers are then UTF-8), checked
    as smtplib's send_message checks them: a relay without SMTPUTF8 cannot take the message
    now, which classify() counts as temporary."""
    if "".join([mail_from, *recipients]).isascii():
        return ()
    smtp.ehlo_or_helo_if_needed()
    if not smtp.has_extn("smtputf8"):
        raise smtplib.SMTPNotSupportedError(
            "an address needs SMTPUTF8, which the server does not offer")
    return ("SMTPUTF8", "BODY=8BITMIME")


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
