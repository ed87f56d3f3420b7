"""How a State's name enters a sentence in each language: "the Republic of Korea",
"de l'Autriche", "del Reino Unido", "للنمسا"... so that the letters read as a person wrote them.

`StateName.the` is the name as the subject or object of a sentence (with its article where
the language and the name want one), `StateName.of` the form after "Permanent Mission" (of
the, de la, del, لـ). Russian and Chinese need neither: the Russian letters name a State in
apposition ("государство-участник: Австрия"), which keeps every name in the nominative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class StateName:
    code: str
    name: str
    the: str
    of: str
    #: French and Spanish verbs agree with "les Pays-Bas", "los Estados Unidos"
    plural: bool = False


# ---- English: "Bolivia (Plurinational State of)" is written "the Plurinational State of
# Bolivia" in running text, as the United Nations does
_EN_REORDER = re.compile(r"^(?P<short>.+?) \((?P<formal>.+? of(?: the| The)?)\)$")
_EN_THE_START = ("United ", "Republic ", "Democratic ", "State of ", "Kingdom ", "Federated ",
                 "Russian ", "Syrian ", "Lao ", "Czech Republic", "Dominican Republic",
                 "Central African", "Islamic ", "Plurinational ", "Bolivarian ", "Holy See",
                 "European Union", "Principality ", "Sultanate ", "Grand Duchy ")
_EN_THE = {"Bahamas", "Philippines", "Netherlands", "Gambia", "Comoros", "Maldives", "Niger",
           "Marshall Islands", "Solomon Islands", "Seychelles", "Sudan", "Congo", "Cook Islands"}


def english(code: str, name: str) -> StateName:
    match = _EN_REORDER.match(name)
    running = f"{match['formal']} {match['short']}" if match else name
    needs_the = running in _EN_THE or running.startswith(_EN_THE_START)
    the = f"the {running}" if needs_the else running
    return StateName(code, running, the, f"of {the}")


# ---- French: de + article, elided before a vowel; no article for most island States
_FR_VOWELS = tuple("AEIOUÂÉÈÊÎÏÔÖÛÜ")
_FR_NO_ARTICLE = {"Cuba", "Chypre", "Malte", "Madagascar", "Maurice", "Monaco", "Singapour",
                  "Israël", "Haïti", "Bahreïn", "Sri Lanka", "Oman", "Djibouti", "Andorre",
                  "Brunéi Darussalam", "Sainte-Lucie", "Saint-Marin", "Nauru", "Tuvalu",
                  "Saint-Christophe-et-Niévès", "Saint-Vincent-et-les Grenadines",
                  "Sao Tomé-et-Principe", "Trinité-et-Tobago", "Antigua-et-Barbuda",
                  "Kiribati", "Palaos", "Vanuatu", "Samoa", "Tonga"}
_FR_PLURAL = {"États-Unis", "États-Unis d’Amérique", "Pays-Bas", "Émirats arabes unis",
              "Philippines", "Comores", "Maldives", "Seychelles", "Bahamas", "Fidji",
              "États fédérés de Micronésie"}
_FR_MASCULINE_E = {"Mexique", "Cambodge", "Mozambique", "Zimbabwe", "Belize", "Suriname",
                   "Royaume-Uni", "Royaume"}
_FR_FEMININE = {"Sierra"}


def french(code: str, name: str) -> StateName:
    first = name.split(" ")[0]
    if name in _FR_NO_ARTICLE:
        the, of = name, (f"d’{name}" if name.startswith((*_FR_VOWELS, "H")) else f"de {name}")
    elif name in _FR_PLURAL or name.startswith("Îles "):
        return StateName(code, name, f"les {name}", f"des {name}", plural=True)
    elif name.startswith(_FR_VOWELS):
        the, of = f"l’{name}", f"de l’{name}"
    elif first in _FR_FEMININE or (first.endswith("e") and first not in _FR_MASCULINE_E
                                   and first.split("-")[0] not in _FR_MASCULINE_E):
        the, of = f"la {name}", f"de la {name}"
    else:
        the, of = f"le {name}", f"du {name}"
    return StateName(code, name, the, of)


# ---- Spanish: most names take no article; the United Nations writes these with one
_ES_ARTICLE_START = (("Reino ", "el"), ("Estado ", "el"), ("Principado ", "el"),
                     ("Estados ", "los"), ("Países ", "los"), ("Emiratos ", "los"),
                     ("República ", "la"), ("Federación ", "la"), ("Islas ", "las"))
_ES_ARTICLE = {"Bahamas": "las", "Argentina": "la", "India": "la", "Brasil": "el",
               "Camerún": "el", "Canadá": "el", "Chad": "el", "Congo": "el", "Ecuador": "el",
               "Iraq": "el", "Japón": "el", "Líbano": "el", "Níger": "el", "Pakistán": "el",
               "Paraguay": "el", "Perú": "el", "Senegal": "el", "Sudán": "el",
               "Sudán del Sur": "el", "Togo": "el", "Uruguay": "el", "Yemen": "el"}


def spanish(code: str, name: str) -> StateName:
    article = _ES_ARTICLE.get(name) or next(
        (a for start, a in _ES_ARTICLE_START if name.startswith(start)), None)
    if article is None:
        return StateName(code, name, name, f"de {name}")
    of = f"del {name}" if article == "el" else f"de {article} {name}"
    return StateName(code, name, f"{article} {name}", of, plural=article in ("los", "las"))


# ---- Arabic: the preposition لـ joins the name; with the article ال it becomes لل
def arabic(code: str, name: str) -> StateName:
    of = f"لل{name[2:]}" if name.startswith("ال") else f"ل{name}"
    return StateName(code, name, name, of)


def plain(code: str, name: str) -> StateName:
    return StateName(code, name, name, name)


_BARE_OF = {"en": "of {}", "fr": "de {}", "es": "de {}", "ar": "لـ{}"}


def by_code(code: str, language: str) -> StateName:
    """A State not yet known by name is called by its code, with no article."""
    return StateName(code, code, code, _BARE_OF.get(language, "{}").format(code))


FORMS = {"en": english, "fr": french, "es": spanish, "ar": arabic, "ru": plain, "zh": plain}


def forms(code: str, name: str, language: str) -> StateName:
    return FORMS.get(language, english)(code, name)
