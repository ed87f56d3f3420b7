"""Building the e-mail: no header injection, a deterministic Message-ID."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

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
    assert parsed.get_content() == "Text of the note.\n"


def test_email_carries_copies_and_an_html_alternative_when_given():
    msg = build(cc=["fp@aut.example.org", "secretariat@unodc.example.org"],
                html='<html lang="en" dir="ltr"><p>Text</p></html>')
    parsed = email.message_from_bytes(bytes(msg), policy=email.policy.default)
    assert parsed["Cc"] == "fp@aut.example.org, secretariat@unodc.example.org"
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed.get_body(("plain",)).get_content() == "Text of the note.\n"
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
