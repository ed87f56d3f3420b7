"""The interface's translations: gettext catalogs (.po) in services/portal/translations,
which the repository tracks, and their compiled form (.mo), which it does not.

The portal compiles a catalog when it starts and finds its .mo missing or older than its
.po, so that a fresh clone, `make run` and `make test` need no step of their own; the image
compiles them when it is built (`python -m services.portal.adapters.catalogs`), since its
code is not the app user's to rewrite. Entries marked fuzzy (for the secretariat's
translators to check) are compiled too: the page shows them rather than fall back to
English.

docs/translations.md says how to extract, update and compile the catalogs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

FOLDER = Path(__file__).resolve().parents[1] / "translations"
DOMAIN = "messages"


def catalogs(folder: Path = FOLDER) -> list[Path]:
    return sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def compile_catalogs(folder: Path = FOLDER, *, always: bool = False) -> list[Path]:
    """Compile each catalog whose .mo is missing or stale (every one when `always`); the
    .mo is written beside, then renamed into place, so that processes starting at once
    never read half a file. Answers the catalogs compiled."""
    done = []
    for po in catalogs(folder):
        mo = po.with_suffix(".mo")
        if not always and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name, domain=DOMAIN)
        partial = mo.with_name(f".{mo.name}.{os.getpid()}")
        with partial.open("wb") as target:
            write_mo(target, catalog, use_fuzzy=True)
        os.replace(partial, mo)
        done.append(po)
    return done


if __name__ == "__main__":
    compiled = compile_catalogs(always=True)
    print(f"compiled {len(compiled)} catalogs in {FOLDER}", file=sys.stderr)
