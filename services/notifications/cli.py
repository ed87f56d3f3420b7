"""Command line of the notifications service, for the secretariat and for IT.

    python -m services.notifications.cli remind --as-of 2021-01-04
    python -m services.notifications.cli preview nomination_missing --language fr
    python -m services.notifications.cli migrate

`remind` writes the reminders due on that day (the running worker sends them); run again for
the same day, it writes nothing new.
"""

from __future__ import annotations

import argparse

from services.notifications.adapters import queries
from services.notifications.bootstrap import bootstrap, migrate
from services.notifications.domain.i18n import LANGUAGES
from services.notifications.domain.letters import KINDS
from services.notifications.handlers.reminders import remind_all
from shared.fields import day_argument


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.notifications.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    remind = sub.add_parser("remind", help="write the reminders due on a day")
    remind.add_argument("--as-of", type=day_argument, default=None,
                        help="the day (YYYY-MM-DD); today by default")
    sub.add_parser("migrate", help="bring the database to the head of its migrations")
    show = sub.add_parser("preview", help="print a letter rendered for its sample event")
    show.add_argument("kind", choices=KINDS)
    show.add_argument("--language", choices=LANGUAGES, default="en")
    args = parser.parse_args(argv)

    if args.command == "preview":
        letter = queries.preview(args.kind, args.language)
        print(letter["subject"], "", letter["text"], sep="\n")
        return 0
    ctx = bootstrap()
    migrate(ctx)
    if args.command == "migrate":
        return 0
    as_of = args.as_of or ctx.clock.today()
    counts = remind_all(ctx, as_of)
    print(f"reminders as of {as_of.isoformat()}: {counts.get('reminders', 0)} "
          f"({counts.get('letters', 0)} letters, {counts.get('digests', 0)} digests); "
          f"survey reminders: {counts.get('survey_letters', 0)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
