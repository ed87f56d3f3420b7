"""Building the e-mail itself: headers that cannot be injected, a deterministic Message-ID.

The message is written out as RFC 5322 / MIME bytes by hand: email.message.EmailMessage
parses every header just formatted (the header registry) and folds it all again when
smtplib flattens it, a cost paid for every letter on the event path. What we send is small
and always the same shape (addresses, a subject, one or two text parts), so a few joins
write it. Lines end in CRLF: smtplib sends bytes as they are.
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import hashlib
import re
from dataclasses import dataclass

MESSAGE_ID_DOMAIN = "revmod.example.org"
CRLF = b"\r\n"
#: RFC 5322 2.1.1: a line SHOULD stay within 78 characters and MUST within 998
FOLD_AT, MAX_LINE = 78, 998


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


@dataclass(frozen=True)
class Email:
    """A message ready for the relay: bytes(email) is exactly what follows DATA."""

    wire: bytes

    def __bytes__(self) -> bytes:
        return self.wire


def build_email(
    *,
    mail_from: str,
    recipients: list[str],
    subject: str,
    body: str,
    message_id: str,
    date: dt.datetime,
    cc: list[str] | None = None,
    html: str | None = None,
) -> Email:
    """The message as it goes on the wire: plain text, and the HTML part beside it when
    there is one (multipart/alternative: a reader shows the richest it can).

    An address outside ASCII is written as UTF-8 (RFC 6532): the mailer then asks the relay
    for SMTPUTF8, as it must for such an address in the envelope anyway."""
    headers = [b"From: " + refuse_line_breaks("From", mail_from).encode(),
               _address_list("To", recipients)]
    if cc:
        headers.append(_address_list("Cc", cc))
    headers += [_subject(refuse_line_breaks("Subject", subject)),
                b"Message-ID: " + refuse_line_breaks("Message-ID", message_id).encode(),
                b"Date: " + email.utils.format_datetime(date).encode(),
                b"MIME-Version: 1.0"]
    if not html:
        return Email(CRLF.join([*headers, _text_part(body, b"plain")]))
    # "=_" never occurs in base64; a 7bit part holding the boundary goes as base64 instead
    boundary = b"=_" + hashlib.sha256(message_id.encode()).hexdigest()[:32].encode()
    delimiter = b"--" + boundary + CRLF
    return Email(CRLF.join(headers) + CRLF
                 + b'Content-Type: multipart/alternative;\r\n boundary="' + boundary + b'"\r\n'
                 + CRLF + delimiter + _text_part(body, b"plain", boundary)
                 + CRLF + delimiter + _text_part(html, b"html", boundary)
                 + CRLF + b"--" + boundary + b"--" + CRLF)


def _text_part(text: str, subtype: bytes, boundary: bytes | None = None) -> bytes:
    """A text part's headers, blank line and content, which always ends with a line break
    (as policy.default wrote it). 7bit for ASCII with lines a server accepts; base64
    otherwise, which every reader decodes and costs less than quoted-printable to compute.
    Inside base64 the lines end in LF, as the email package encoded them before."""
    data = text.encode()
    lines = data.splitlines()
    if (data.isascii() and all(len(line) <= MAX_LINE for line in lines)
            and (boundary is None or boundary not in data)):
        encoding, content = b"7bit", CRLF.join([*lines, b""])
    else:
        encoding = b"base64"
        content = base64.encodebytes(b"\n".join([*lines, b""])).replace(b"\n", CRLF)
    return (b"Content-Type: text/" + subtype + b'; charset="utf-8"\r\n'
            b"Content-Transfer-Encoding: " + encoding + CRLF + CRLF + content)


def _address_list(header: str, addresses: list[str]) -> bytes:
    """Addresses joined by ", ", the line broken only between two of them: an address
    itself is never split, so a line passes 78 only for an address that long by itself."""
    encoded = [refuse_line_breaks(header, address).encode() for address in addresses]
    pieces = [address + b"," for address in encoded[:-1]] + encoded[-1:]
    return _folded(header, pieces[:1] + [b" " + piece for piece in pieces[1:]])


def _subject(subject: str) -> bytes:
    """An ASCII subject as it is, folded at its spaces. Any other (or one with a word too
    long for any line) in RFC 2047 words, as email.header.Header writes them (as many whole
    characters as fit on a line of 78), computed here without the library's trial encoding
    of every prefix."""
    if subject.isascii():
        # each piece after the first starts with the spaces before a word
        folded = _folded("Subject", re.split(rb"(?<=[^ \t])(?=[ \t])", subject.encode()))
        if all(len(line) <= MAX_LINE for line in folded.split(CRLF)):
            return folded
    words, start, size, room = [], 0, 0, _word_room(len("Subject: "))
    for index, character in enumerate(subject):
        width = len(character.encode())
        if size + width > room:
            words.append(subject[start:index])
            start, size, room = index, 0, _word_room(len(" "))
        size += width
    words.append(subject[start:])
    return b"Subject: " + b"\r\n ".join(
        b"=?utf-8?b?" + base64.b64encode(word.encode()) + b"?=" for word in words)


def _word_room(indent: int) -> int:
    """Bytes of UTF-8 one encoded word holds on a line that has `indent` characters before
    it: base64 writes 4 characters for 3 bytes begun, "=?utf-8?b?" and "?=" take 12."""
    return (FOLD_AT - indent - 12) // 4 * 3


def _folded(header: str, pieces: list[bytes]) -> bytes:
    """The header on as few lines of at most 78 characters as its pieces allow. A piece
    after the first begins with a space or tab, where the line may break: unfolding (taking
    out the CRLF) gives back the value."""
    first, *rest = pieces or [b""]
    lines, line = [], header.encode() + b": " + first
    for piece in rest:
        if len(line) + len(piece) > FOLD_AT and piece.strip():
            lines.append(line)
            line = piece
        else:
            line += piece
    return CRLF.join([*lines, line])
