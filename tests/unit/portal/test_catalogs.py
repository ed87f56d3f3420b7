"""The portal's catalogs against its code: every string marked for translation, extracted
afresh as `make catalogs` does, is in each of the five catalogs, translated (no empty
msgstr), with its placeholders and markup kept and the language's plural forms."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from services.portal.adapters import catalogs

LANGUAGES = ("ar", "zh", "fr", "ru", "es")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
TAG = re.compile(r"</?[a-z]+[^>]*>")
#: the plural forms of each language, in GNU gettext's order (Arabic: zero, one, two, few
#: 3-10, many 11-99, other 100-102)
PLURALS = {
    "ar": (6, "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
              "n%100>=11 ? 4 : 5)"),
    "zh": (1, "0"),
    "fr": (2, "(n > 1)"),
    "ru": (3, "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) "
              "? 1 : 2)"),
    "es": (2, "(n != 1)"),
}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The strings the portal's code marks today, extracted as `make catalogs` does."""
    pot = tmp_path_factory.mktemp("catalogs") / "messages.pot"
    portal = catalogs.FOLDER.parent
    CommandLineInterface().run([
        "pybabel", "-q", "extract", "-F", str(catalogs.FOLDER / "babel.cfg"), "-k", "lazy_gettext",
        "--no-location", "-o", str(pot), str(portal)])
    with pot.open("rb") as f:
        return read_po(f)


def catalog(language: str):
    with (catalogs.FOLDER / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=language)


def entries(found) -> dict:
    return {m.id: m for m in found if m.id}


def test_there_is_a_catalog_for_each_language_but_english():
    assert sorted(p.parent.parent.name for p in catalogs.catalogs()) == sorted(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_has_every_string_of_the_code_and_no_other(template, language):
    assert sorted(map(str, entries(catalog(language)))) == sorted(map(str, entries(template)))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_with_its_placeholders_and_markup(language):
    found = catalog(language)
    assert (found.num_plurals, found.plural_expr) == PLURALS[language]
    for msgid, message in entries(found).items():
        ids = (msgid,) if isinstance(msgid, str) else msgid
        forms = (message.string,) if isinstance(msgid, str) else message.string
        assert len(forms) == (1 if isinstance(msgid, str) else found.num_plurals), msgid
        assert all(form.strip() for form in forms), f"{language}: {msgid!r} is empty"
        wanted = set().union(*(PLACEHOLDER.findall(i) for i in ids))
        for form in forms:
            # a plural form may leave the number out ("يوم واحد", one day), nothing else
            assert set(PLACEHOLDER.findall(form)) <= wanted, (language, msgid, form)
            assert Counter(TAG.findall(form)) == Counter(TAG.findall(ids[0])), (
                language, msgid, form)
        assert set(PLACEHOLDER.findall(forms[-1])) == wanted, (language, msgid)
        assert not list(message.check(found)), (language, msgid)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_string_that_formats_in_english_formats_in_every_language(language):
    """Jinja formats every string it translates (`%` for a literal per cent sign): a
    translation that cannot be formatted where the English can would break the page."""
    for msgid, message in entries(catalog(language)).items():
        ids = (msgid,) if isinstance(msgid, str) else msgid
        forms = (message.string,) if isinstance(msgid, str) else message.string
        values = dict.fromkeys(set().union(*(PLACEHOLDER.findall(i) for i in ids)), 1)
        try:
            ids[0] % values
        except (ValueError, TypeError):
            continue
        for form in forms:
            form % values
