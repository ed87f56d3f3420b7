"""The mailer against a real SMTP server (aiosmtpd) that requires STARTTLS and AUTH, as the
organisation's relay does: the certificate verified against the configured CA, the
credentials sent only inside TLS, and every refusal a temporary failure (IT fixes the
configuration; the message waits, it is not lost)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import smtplib
import socket
import ssl

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from services.notifications.adapters.smtp import SmtpMailer, classify
from services.notifications.domain.mail import build_email, message_id_for
from services.notifications.settings import Settings

USER, PASSWORD = "revmod", "correct horse battery staple"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(directory):
    """A certificate for 127.0.0.1, as a private CA would issue the relay."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "relay.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "relay.pem", directory / "relay.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class Relay:
    """Keeps what it accepts and who logged in to send it."""

    def __init__(self) -> None:
        self.envelopes: list = []
        self.logins: list = []

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
        if ok:
            self.logins.append((auth_data.login.decode(), session.ssl is not None))
        return AuthResult(success=ok, handled=False)  # False: aiosmtpd answers 535 itself

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def relay(tmp_path):
    cert_path, key_path = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    handler, port = Relay(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, tls_context=context,
                            require_starttls=True, authenticator=handler.authenticate,
                            auth_required=True, auth_require_tls=True)
    controller.start()
    yield handler, port, str(cert_path)
    controller.stop()


def mailer(port: int, **overrides) -> SmtpMailer:
    return SmtpMailer(Settings(service="notifications", database_url="sqlite://",
                               smtp_port=port, **overrides))


def note():
    return build_email(mail_from="revmod-secretariat@unodc.example.org",
                       recipients=["pm-aut@missions.example.org"], subject="Note verbale",
                       body="Text.\n", html="<p>Text.</p>", message_id="<k@revmod.example.org>",
                       date=dt.datetime.now(dt.UTC))


def test_mail_goes_through_starttls_and_auth_when_both_are_configured(relay):
    handler, port, ca = relay
    secure = mailer(port, smtp_starttls=True, smtp_tls_ca_file=ca, smtp_username=USER,
                    smtp_password=PASSWORD)
    assert secure.send(note(), ["pm-aut@missions.example.org"]) == {}
    assert handler.logins == [(USER, True)]  # logged in inside TLS
    assert [e.rcpt_tos for e in handler.envelopes] == [["pm-aut@missions.example.org"]]


@pytest.mark.parametrize("settings,error", [
    (dict(smtp_starttls=True, smtp_username=USER, smtp_password="wrong"),
     smtplib.SMTPAuthenticationError),
    (dict(smtp_starttls=False), smtplib.SMTPSenderRefused),  # "530 STARTTLS first"
    (dict(smtp_starttls=True, smtp_username=USER, smtp_password=PASSWORD,
          smtp_tls_ca_file=None), ssl.SSLCertVerificationError),  # not the relay's CA
])
def test_a_relay_refusing_the_configuration_is_a_temporary_failure(relay, settings, error):
    handler, port, ca = relay
    settings = {"smtp_tls_ca_file": ca, **settings}
    with pytest.raises(error) as refused:
        mailer(port, **settings).send(note(), ["pm-aut@missions.example.org"])
    assert classify(refused.value).permanent is False
    assert handler.envelopes == []


def test_the_relay_receives_the_built_bytes_unchanged_lines_starting_with_a_dot_included(
        relay):
    handler, port, ca = relay
    body = "Ваше превосходительство,\n.\n..two dots\n--=_\n"
    msg = build_email(mail_from="revmod-secretariat@unodc.example.org",
                      recipients=["pm-aut@missions.example.org"], cc=["fp@gov.example.org"],
                      subject="Напоминание", body=body, html="<p>.</p>\n.\n",
                      message_id=message_id_for("dots"), date=dt.datetime.now(dt.UTC))
    secure = mailer(port, smtp_starttls=True, smtp_tls_ca_file=ca, smtp_username=USER,
                    smtp_password=PASSWORD)
    recipients = ["pm-aut@missions.example.org", "fp@gov.example.org"]
    assert secure.send(msg, recipients) == {}
    (envelope,) = handler.envelopes
    assert envelope.rcpt_tos == recipients
    assert envelope.content == bytes(msg)  # dot-stuffed on the way, restored by the relay


@pytest.fixture
def plain_relay(request):
    """A relay without TLS or AUTH, offering SMTPUTF8 or not as the test asks."""
    handler, port = Relay(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port,
                            enable_SMTPUTF8=request.param)
    controller.start()
    yield handler, port
    controller.stop()


def international_note():
    return build_email(mail_from="revmod-secretariat@unodc.example.org",
                       recipients=["pm@misión.example.org"], subject="Note verbale",
                       body="Text.\n", message_id="<intl@revmod.example.org>",
                       date=dt.datetime.now(dt.UTC))


@pytest.mark.parametrize("plain_relay", [True], indirect=True)
def test_an_address_outside_ascii_goes_with_smtputf8_when_the_relay_offers_it(plain_relay):
    handler, port = plain_relay
    msg = international_note()
    assert mailer(port).send(msg, ["pm@misión.example.org"]) == {}
    (envelope,) = handler.envelopes
    assert envelope.rcpt_tos == ["pm@misión.example.org"]
    assert "SMTPUTF8" in envelope.mail_options
    assert envelope.content == bytes(msg)
    assert "To: pm@misión.example.org\r\n".encode() in envelope.content


@pytest.mark.parametrize("plain_relay", [False], indirect=True)
def test_an_address_outside_ascii_waits_when_the_relay_lacks_smtputf8(plain_relay):
    handler, port = plain_relay
    with pytest.raises(smtplib.SMTPNotSupportedError) as refused:
        mailer(port).send(international_note(), ["pm@misión.example.org"])
    assert classify(refused.value).permanent is False
    assert handler.envelopes == []
