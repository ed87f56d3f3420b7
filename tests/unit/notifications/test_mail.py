"""Building the e-mail: no header injection, a deterministic Message-ID."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from email.charset import BASE64, Charset
from email.header import Header

import pytest

from services.notifications.domain.mail import (
    UnsafeHeader,
    build_email,
    message_id_for,
    refuse_line_breaks,
)

NOW = dt.datetime(2021, 1, 4, 9, 30, tzinfo=dt.UTC)


def build(**overrides):
    fields = dict(mail_from="secretariat@unodc.example.org",
                  recipients=["mission@aut.example.org", "fp@aut.example.org"],
                  subject="Review mechanism (UNTOC): nomination", body="Text of the note.\n",
                  message_id=message_id_for("k1"), date=NOW)
    return build_email(**{**fields, **overrides})


def content(part) -> str:
    """The text a reader shows. Python's parser keeps the CRLF a 7bit part has on the wire
    (SMTP's line end), where a mail program gives the local one."""
    return part.get_content().replace("\r\n", "\n")


@pytest.mark.parametrize("value", [
    "Hello\r\nBcc: victim@example.org", "Hello\nBcc: x@example.org", "Hello\rX", "A\u2028B",
])
def test_line_breaks_are_refused_when_bound_for_a_header(value):
    with pytest.raises(UnsafeHeader) as refused:
        refuse_line_breaks("Subject", value)
    assert refused.value.header == "Subject"


@pytest.mark.parametrize("field,value", [
    ("subject", "Nomination\r\nBcc: victim@example.org"),
    ("mail_from", "a@example.org\nBcc: b@example.org"),
    ("recipients", ["ok@example.org", "evil@example.org\r\nBcc: x@example.org"]),
    ("message_id", "<x@y>\nX-Injected: 1"),
])
def test_email_is_refused_when_any_header_value_holds_a_line_break(field, value):
    with pytest.raises(UnsafeHeader):
        build(**{field: value})


def test_message_id_is_the_same_for_the_same_key_and_differs_between_keys():
    first = message_id_for("e1:AUT:nomination_missing")
    assert first == message_id_for("e1:AUT:nomination_missing")
    assert first != message_id_for("e2:AUT:nomination_missing")
    assert first.startswith("<") and first.endswith("@revmod.example.org>")
    assert len(first.split("@")[0]) == 33  # "<" and 32 hex digits


def test_email_carries_all_recipients_subject_and_message_id_when_built():
    parsed = email.message_from_bytes(bytes(build()), policy=email.policy.default)
    assert parsed["To"] == "mission@aut.example.org, fp@aut.example.org"
    assert parsed["Subject"] == "Review mechanism (UNTOC): nomination"
    assert parsed["Message-ID"] == message_id_for("k1")
    assert content(parsed) == "Text of the note.\n"


def test_email_carries_copies_and_an_html_alternative_when_given():
    msg = build(cc=["fp@aut.example.org", "secretariat@unodc.example.org"],
                html='<html lang="en" dir="ltr"><p>Text</p></html>')
    parsed = email.message_from_bytes(bytes(msg), policy=email.policy.default)
    assert parsed["Cc"] == "fp@aut.example.org, secretariat@unodc.example.org"
    assert parsed.get_content_type() == "multipart/alternative"
    assert content(parsed.get_body(("plain",))) == "Text of the note.\n"
    assert "<p>Text</p>" in parsed.get_body(("html",)).get_content()


@pytest.mark.parametrize("subject", [
    "Механизм обзора: назначение координатора — التذكير",
    "Механизм обзора (Конвенция против транснациональной организованной преступности): "
    "назначение координатора для странового обзора № 12 (государство — объект обзора: Франция)",
])
def test_non_ascii_subjects_travel_encoded_in_short_lines_and_come_back_intact(subject):
    raw = bytes(build(subject=subject))
    assert max(len(line) for line in raw.splitlines()) <= 78
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == subject


def test_a_copy_address_with_a_line_break_is_refused():
    with pytest.raises(UnsafeHeader):
        build(cc=["ok@example.org\r\nBcc: x@example.org"])


def parse(raw: bytes) -> email.message.EmailMessage:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    parts = list(parsed.iter_parts()) if parsed.is_multipart() else []
    assert parsed.defects == [] and [part.defects for part in parts] == [[]] * len(parts)
    return parsed


def lines_of(raw: bytes) -> list[bytes]:
    """The lines as a relay sees them; fails on an LF or CR that is not part of a CRLF."""
    assert raw.endswith(b"\r\n")
    lines = raw[:-2].split(b"\r\n")
    assert not any(b"\n" in line or b"\r" in line for line in lines)
    return lines


def test_a_text_only_email_is_one_utf8_text_part_with_every_header_and_crlf_lines():
    raw = bytes(build(body="Text of the note.\n\nSecond paragraph.\n"))
    lines = lines_of(raw)
    assert max(len(line) for line in lines) <= 78
    parsed = parse(raw)
    assert parsed["From"] == "secretariat@unodc.example.org"
    assert parsed["Date"] == "Mon, 04 Jan 2021 09:30:00 +0000"
    assert parsed["MIME-Version"] == "1.0"
    assert "Cc" not in parsed
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content_charset() == "utf-8"
    assert parsed["Content-Transfer-Encoding"] == "7bit"
    assert content(parsed) == "Text of the note.\n\nSecond paragraph.\n"


def test_a_text_body_always_ends_with_a_line_break():
    raw = bytes(build(body="No break at the end"))
    assert raw.endswith(b"\r\n\r\nNo break at the end\r\n")
    assert content(parse(raw)) == "No break at the end\n"
    assert content(parse(bytes(build(body="Без переноса")))) == "Без переноса\n"


def test_an_email_with_html_is_multipart_alternative_with_plain_text_first():
    raw = bytes(build(body="Text.\n", html='<html lang="en"><p>Text.</p></html>\n'))
    lines_of(raw)
    parsed = parse(raw)
    assert parsed.get_content_type() == "multipart/alternative"
    plain, html = parsed.iter_parts()
    assert (plain.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert content(plain) == "Text.\n"
    assert content(html) == '<html lang="en"><p>Text.</p></html>\n'
    assert parsed.get_boundary().startswith("=_")


def test_non_ascii_bodies_go_in_base64_lines_and_come_back_intact():
    body = "Постоянное представительство Австрии\nالبعثة الدائمة للنمسا\n" * 20
    html = f"<p>{body}</p>\n"
    raw = bytes(build(subject="Напоминание: назначение координатора", body=body, html=html))
    lines = lines_of(raw)
    assert raw.isascii() and max(len(line) for line in lines) <= 78
    parsed = parse(raw)
    assert parsed["Subject"] == "Напоминание: назначение координатора"
    plain, rich = parsed.iter_parts()
    assert [part["Content-Transfer-Encoding"] for part in (plain, rich)] == ["base64"] * 2
    assert (content(plain), content(rich)) == (body, html)


def test_ascii_lines_too_long_for_smtp_go_in_base64():
    body = "x" * 1200 + "\n"
    parsed = parse(bytes(build(body=body)))
    assert parsed["Content-Transfer-Encoding"] == "base64"
    assert content(parsed) == body


@pytest.mark.parametrize("subject", [
    "Механизм обзора: назначение координатора — التذكير",
    "Review 😀 " * 12,
    "x" * 1200,  # ASCII, but no line could hold it as it is
])
def test_encoded_subjects_are_the_words_the_email_package_writes(subject):
    raw = bytes(build(subject=subject))
    written = raw.split(b"\r\nMessage-ID:")[0].split(b"\r\nSubject: ", 1)[1]
    utf8_base64 = Charset("utf-8")
    utf8_base64.header_encoding = BASE64
    expected = Header(subject, utf8_base64, header_name="Subject").encode(linesep="\r\n")
    assert written.decode() == expected
    assert parse(raw)["Subject"] == subject


def test_a_long_ascii_subject_is_folded_at_its_spaces_and_unfolds_to_the_same_text():
    subject = ("Review mechanism (UNTOC): nomination of a focal point for the review of "
               "the United Kingdom of Great Britain and Northern Ireland, second reminder")
    raw = bytes(build(subject=subject))
    assert max(len(line) for line in lines_of(raw)) <= 78
    assert parse(raw)["Subject"] == subject


def test_long_recipient_lists_fold_between_addresses_and_every_address_arrives_intact():
    recipients = [f"permanent.mission.{n}@country-{n}.missions.example.org" for n in range(60)]
    cc = [f"focal-point-{n}@ministry.example.org" for n in range(40)] + ["x" * 90 + "@e.org"]
    raw = bytes(build(recipients=recipients, cc=cc))
    header_lines = lines_of(raw.split(b"\r\n\r\n")[0] + b"\r\n")
    assert max(len(line) for line in header_lines) <= 998
    # a line passes 78 only where one address is that long by itself
    assert [line for line in header_lines if len(line) > 78] == [b" " + cc[-1].encode()]
    parsed = parse(raw)
    assert [a.addr_spec for a in parsed["To"].addresses] == recipients
    assert [a.addr_spec for a in parsed["Cc"].addresses] == cc


def test_lines_that_look_like_smtp_or_mime_syntax_stay_in_their_part():
    body = "Text.\n.\n.leading dot\n--=_\n--=_boundary-like--\n"
    parsed = parse(bytes(build(body=body, html=f"<pre>{body}</pre>\n")))
    plain, html = parsed.iter_parts()
    assert plain["Content-Transfer-Encoding"] == "7bit"
    assert (content(plain), content(html)) == (body, f"<pre>{body}</pre>\n")


def test_a_part_holding_the_boundary_itself_goes_in_base64():
    boundary = parse(bytes(build(html="<p>x</p>"))).get_boundary()
    body = f"Text.\n--{boundary}\n"
    parsed = parse(bytes(build(body=body, html="<p>x</p>")))
    assert parsed.get_boundary() == boundary
    plain, html = parsed.iter_parts()
    assert plain["Content-Transfer-Encoding"] == "base64"
    assert (content(plain), content(html)) == (body, "<p>x</p>\n")


def test_the_same_message_id_gives_the_same_bytes():
    assert bytes(build(html="<p>x</p>")) == bytes(build(html="<p>x</p>"))
    assert bytes(build(html="<p>x</p>")) != bytes(build(html="<p>x</p>",
                                                       message_id=message_id_for("k2")))


def test_addresses_outside_ascii_are_written_as_utf8():
    raw = bytes(build(recipients=["mission@autriche.example.org", "pm@misión.example.org"]))
    assert "To: mission@autriche.example.org, pm@misión.example.org\r\n".encode() in raw
    parsed = email.message_from_bytes(bytes(build(recipients=["pm@misión.example.org"])),
                                      policy=email.policy.default)
    assert parsed["To"] == "pm@misión.example.org"
