"""The report as a document: sections of numbered paragraphs, some with lettered items,
the shape of the secretariat's note. Rendered as plain text here, as HTML by `html`."""

from __future__ import annotations

import string
import textwrap
from dataclasses import dataclass, field

TITLE = ("Status of the functioning of the Mechanism for the Review of the Implementation "
         "of the United Nations Convention against Transnational Organized Crime and the "
         "Protocols thereto")
WIDTH = 90


@dataclass
class Paragraph:
    text: str
    items: list[str] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    paragraphs: list[Paragraph]


@dataclass
class Document:
    title: str
    subtitle: str
    sections: list[Section]

    def numbered(self) -> list[tuple[Section, list[tuple[int, Paragraph]]]]:
        """Paragraph numbers run through the whole document, as in the note."""
        out, number = [], 0
        for section in self.sections:
            rows = []
            for paragraph in section.paragraphs:
                number += 1
                rows.append((number, paragraph))
            out.append((section, rows))
        return out


def item_label(index: int) -> str:
    """(a), (b), ... (z), (aa), ..."""
    letters = string.ascii_lowercase
    return f"({letters[index]})" if index < 26 else f"({letters[index // 26 - 1]}" \
        f"{letters[index % 26]})"


def as_text(document: Document) -> str:
    """The report as text/plain, wrapped to be read on screen or printed."""
    lines = [*textwrap.wrap(document.title, WIDTH), "", "Note by the secretariat", "",
             document.subtitle, ""]
    for section, rows in document.numbered():
        lines += [section.heading, ""]
        for number, paragraph in rows:
            lines += textwrap.wrap(paragraph.text, WIDTH, initial_indent=f"{number}. ",
                                   subsequent_indent=" " * (len(str(number)) + 2))
            lines.append("")
            for index, item in enumerate(paragraph.items):
                label = item_label(index)
                lines += textwrap.wrap(item, WIDTH, initial_indent=f"    {label} ",
                                       subsequent_indent=" " * (len(label) + 5))
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"
