"""Write the example history bundle, deploy/data/history-example/ (docs/history-bundle.md):
a made-up past of the mechanism, drawn from a fixed seed, so the same files come out each
time.

    python -m deploy.history_example [folder]

Two groups under way and a third to come, as the secretariat would bring them in at the end
of October 2022: the States parties of deploy/data/states_parties.csv with made-up dates of
becoming party (one kept out of the reviews); the meetings that drew the groups; draws that
keep every rule of the draw (one reviewer of the State's regional group and one of another,
each party to every instrument of the State under review, no mutual reviews in the phase,
at most two reviews per reviewer in a group) and one repetition; focal points and experts
with made-up names; stage histories; consultations with and without agreement on the
working languages. Nothing in it happened.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATES_FILE = ROOT / "deploy" / "data" / "states_parties.csv"
FOLDER = ROOT / "deploy" / "data" / "history-example"
#: the day the secretariat exports its records: nothing in the bundle happens after it
EXPORTED_ON = dt.date(2022, 10, 31)
PROTOCOLS = ("trafficking", "smuggling", "firearms")
STAGES = ("preliminary_consultation", "self_assessment", "written_feedback",
          "list_of_observations", "summary", "completed")
LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")
GIVEN = ("Amina", "Bruno", "Chen", "Dalia", "Emeka", "Farida", "Goran", "Hana", "Ivan",
         "Jamila", "Kofi", "Lucia", "Marek", "Nadia", "Omar", "Paula", "Quang", "Rosa",
         "Samir", "Tanvi", "Ugo", "Vera", "Wei", "Ximena", "Yusuf", "Zora")
FAMILY = ("Abara", "Berg", "Castillo", "Dimitrov", "Eze", "Fontaine", "Gupta", "Haddad",
          "Ito", "Jovanovic", "Kowalski", "Lindqvist", "Mensah", "Novak", "Okafor", "Petrov",
          "Quispe", "Rahman", "Silva", "Tanaka", "Usman", "Varga", "Wong", "Yilmaz", "Zulu")


@dataclass(frozen=True)
class Group:
    number: int
    starts_on: dt.date
    size: int
    meeting: str
    title: str
    held_on: dt.date


GROUPS = (
    Group(1, dt.date(2020, 12, 1), 12, "IRG-2020-10",
          "Implementation Review Group, first session (resumed), Vienna", dt.date(2020, 10, 19)),
    Group(2, dt.date(2021, 11, 1), 12, "IRG-2021-06",
          "Implementation Review Group, second session, Vienna", dt.date(2021, 6, 7)),
    Group(3, dt.date(2022, 11, 1), 10, "IRG-2022-06",
          "Implementation Review Group, third session, Vienna", dt.date(2022, 6, 13)),
)
#: where the one repetition was asked for and granted
REPETITION_MEETING = ("IRG-2020-11", "Implementation Review Group, intersessional meeting "
                      "on the drawing of lots, online", dt.date(2020, 11, 16))


@dataclass(frozen=True)
class Shape:
    """How big a history to make: the example's by default; bench/history_import.py asks
    for the whole mechanism's."""

    groups: tuple[Group, ...] = GROUPS
    #: nothing in the bundle happens after this day
    exported_on: dt.date = EXPORTED_ON
    #: one review in this many waits for a reviewing State's focal point (0: none waits)
    lacking_every: int = 5
    #: the fewest and the most experts a State under review names for its review
    experts_per_review: tuple[int, int] = (1, 1)
    #: times a review at the written feedback is sent back to the self-assessment and
    #: comes forward again
    send_backs: int = 0


@dataclass
class Party:
    code: str
    name: str
    regional_group: str
    legal_system: str
    instruments: set[str]
    convention_on: dt.date
    protocols_on: dict[str, dt.date] = field(default_factory=dict)
    takes_part: bool = True


def read_parties(rng: random.Random) -> list[Party]:
    parties = []
    with STATES_FILE.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            instruments = set(row["instruments"].split(";")) - {""}
            convention_on = dt.date(2003, 9, 29) + dt.timedelta(days=rng.randrange(2400))
            protocols_on = {p: min(convention_on + dt.timedelta(days=rng.randrange(1500)),
                                   dt.date(2019, 12, 31))
                            for p in PROTOCOLS if p in instruments}
            parties.append(Party(row["code"], row["name"], row["regional_group"],
                                 row["legal_system"], instruments, convention_on,
                                 protocols_on))
    return parties


class Drawing:
    """The reviews of every group drawn under the rules, one State under review at a time."""

    def __init__(self, parties: list[Party], rng: random.Random) -> None:
        #: who may be reviewed: every party taking part; who reviews: those of a region
        self.pool = [p for p in parties if p.takes_part]
        self.reviewers = [p for p in self.pool if p.regional_group]
        self.by_code = {p.code: p for p in parties}
        self.rng = rng
        #: (reviewer, reviewed) of the phase, across its groups: no mutual reviews
        self.pairs: set[tuple[str, str]] = set()

    def eligible(self, state: Party, load: Counter, same_region: bool,
                 taken: tuple[str, ...] = ()) -> list[Party]:
        return [p for p in self.reviewers
                if p.code != state.code and p.code not in taken
                and (not state.regional_group
                     or (p.regional_group == state.regional_group) == same_region)
                and state.instruments <= p.instruments and load[p.code] < 2
                and (state.code, p.code) not in self.pairs]

    def draw(self, states: list[Party]) -> list[tuple[str, list[str]]]:
        load: Counter = Counter()
        reviews = []
        for state in states:
            picked = [self.rng.choice(self.eligible(state, load, same))
                      for same in (True, False)]
            for reviewer in picked:
                load[reviewer.code] += 1
                self.pairs.add((reviewer.code, state.code))
            reviews.append((state.code, [p.code for p in picked]))
        self.load = load
        return reviews

    def replace(self, state: str, replaced: str, load: Counter) -> str:
        """Another reviewer of the replaced one's kind, as a repeated draw gives."""
        party, old = self.by_code[state], self.by_code[replaced]
        same = old.regional_group == party.regional_group
        choice = self.rng.choice(self.eligible(party, load, same, taken=(replaced,)))
        self.pairs.discard((replaced, state))
        self.pairs.add((choice.code, state))
        load[replaced] -= 1
        load[choice.code] += 1
        return choice.code


class People:
    """Made-up persons, one e-mail each."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def person(self, state: str) -> dict:
        while True:
            given, family = self.rng.choice(GIVEN), self.rng.choice(FAMILY)
            email = f"{given}.{family}@{state.lower()}.gov.example.org".lower()
            if email not in self.used:
                self.used.add(email)
                return {"name": f"{given} {family}", "email": email,
                        "title": self.rng.choice(("Counsellor", "First Secretary",
                                                  "Legal Adviser", "Prosecutor")),
                        "phone": f"+43 1 {self.rng.randrange(1000000, 9999999)}",
                        "gender": self.rng.choice(("female", "male", ""))}


def day(start: dt.date, rng: random.Random, low: int, high: int) -> dt.date:
    return start + dt.timedelta(days=rng.randint(low, high))


def build(rng: random.Random, shape: Shape = Shape()) -> dict[str, list[dict]]:
    parties = read_parties(rng)
    kept_out = next(p for p in reversed(parties) if p.regional_group)
    kept_out.takes_part = False
    drawing = Drawing(parties, rng)
    states = [p for p in drawing.pool]
    rng.shuffle(states)
    files: dict[str, list[dict]] = {name: [] for name in (
        "parties", "meetings", "groups", "draws", "repetitions", "nominations",
        "withdrawals", "stages", "consultations")}
    files["parties"] = [{
        "code": p.code, "name": p.name, "regional_group": p.regional_group,
        "legal_system": p.legal_system, "convention_on": p.convention_on.isoformat(),
        **{f"{i}_on": p.protocols_on[i].isoformat() if i in p.protocols_on else ""
           for i in PROTOCOLS},
        "takes_part": "yes" if p.takes_part else "no",
        "kept_out_reason": "" if p.takes_part else
        "made-up: asked not to take part in the country reviews of the first cycle"}
        for p in parties]
    people = People(rng)
    first = 0
    for group in shape.groups:
        members = states[first:first + group.size]
        first += group.size
        files["meetings"].append({"meeting": group.meeting, "title": group.title,
                                  "held_on": group.held_on.isoformat()})
        files["groups"] += [{"group_number": group.number,
                             "starts_on": group.starts_on.isoformat(), "state_code": p.code}
                            for p in members]
        reviews = drawing.draw(members)
        files["draws"] += [{
            "group_number": group.number, "phase": 1, "cluster": 1,
            "meeting": group.meeting, "drawn_on": group.held_on.isoformat(),
            "state_under_review": state, "reviewing_states": ";".join(reviewers),
            "additional_reviewers": "", "exception_reason": ""} for state, reviewers in reviews]
        if group.number == 1:
            reviews = repeat_one(files, drawing, reviews)
        if group.starts_on < shape.exported_on:
            live(files, group, reviews, people, rng, shape)
    return files


def repeat_one(files, drawing: Drawing, reviews: list[tuple[str, list[str]]]):
    """The first review's reviewer of another region, replaced at its own request."""
    meeting, title, held_on = REPETITION_MEETING
    files["meetings"].insert(1, {"meeting": meeting, "title": title,
                                 "held_on": held_on.isoformat()})
    state, reviewers = reviews[0]
    replacement = drawing.replace(state, reviewers[1], drawing.load)
    files["repetitions"].append({
        "group_number": 1, "phase": 1, "state_under_review": state, "replaced": reviewers[1],
        "replacement": replacement, "requested_by": reviewers[1], "meeting": meeting,
        "repeated_on": held_on.isoformat(),
        "reason": "made-up: the reviewing State's experts were already committed",
        "exceptional": "no"})
    return [(state, [reviewers[0], replacement]), *reviews[1:]]


def live(files, group: Group, reviews, people: People, rng: random.Random,
         shape: Shape) -> None:
    """What happened in a group under way: nominations, then each review's stages."""
    focal_points = {}
    lacking = {reviews[i][0] for i in range(0, len(reviews), shape.lacking_every)} \
        if shape.lacking_every else set()
    for state, reviewers in reviews:
        nominated = []
        for code in (state, *reviewers):
            if state in lacking and code == reviewers[-1]:
                continue  # the last reviewing State never named its focal point
            person = focal_points.setdefault(code, people.person(code))
            on = day(group.starts_on, rng, 2, 45)
            nominated.append(on)
            files["nominations"].append(nomination(code, "focal_point", person, state, on))
        for _ in range(rng.randint(*shape.experts_per_review)):
            expert = people.person(state)
            expert_on = day(group.starts_on, rng, 10, 60)
            files["nominations"].append(nomination(state, "expert", expert, state, expert_on))
        if len(files["withdrawals"]) < 1 and group.number == 1:
            files["withdrawals"].append({
                "state_code": state, "role": "expert", "email": expert["email"],
                "phase": 1, "state_under_review": state,
                "withdrawn_on": day(expert_on, rng, 30, 90).isoformat(),
                "replaced_by_email": "", "reason": "made-up: moved to another post"})
        if state not in lacking:
            stages(files, state, max(nominated), rng, shape)


def nomination(code: str, role: str, person: dict, state: str, on: dt.date) -> dict:
    return {"state_code": code, "role": role, "name": person["name"],
            "title": person["title"], "email": person["email"], "phone": person["phone"],
            "gender": person["gender"], "phase": 1, "state_under_review": state,
            "nominated_on": on.isoformat()}


#: why a review goes back to the self-assessment (a send-back needs its reason)
SENT_BACK = "made-up: the reviewing States asked for the answers on articles 5 and 6 again"
#: the days between one stage and the next, at the least and at the most
PACE = {"self_assessment": (2, 12), "written_feedback": (60, 150),
        "list_of_observations": (60, 160), "summary": (30, 100), "completed": (30, 120)}


def stages(files, state: str, all_nominated: dt.date, rng: random.Random,
           shape: Shape) -> None:
    """The review starts once its focal points are known, holds its consultation, and
    moves on as far as the export day allows; one in six consultations agrees no working
    languages, and the review stays at the consultation."""
    on = day(all_nominated, rng, 1, 20)
    if on > shape.exported_on:
        return
    files["stages"].append(stage(state, "preliminary_consultation", on))
    held = day(on, rng, 7, 40)
    if held > shape.exported_on:
        return
    agreed = rng.randrange(6) != 0
    languages = ";".join(sorted(rng.sample(LANGUAGES[:3], rng.choice((1, 1, 2))),
                                key=LANGUAGES.index)) if agreed else ""
    files["consultations"].append({"phase": 1, "state_under_review": state,
                                   "held_on": held.isoformat(), "languages": languages,
                                   "languages_agreed": "yes" if agreed else "no"})
    if not agreed:
        return
    moves = list(STAGES[1:3]) + list(STAGES[1:3]) * shape.send_backs + list(STAGES[3:])
    on, previous = held, STAGES[0]
    for to_stage in moves:
        on = day(on, rng, *PACE[to_stage])
        if on > shape.exported_on:
            return
        back = STAGES.index(to_stage) < STAGES.index(previous)
        files["stages"].append(stage(state, to_stage, on, SENT_BACK if back else ""))
        previous = to_stage


def stage(state: str, to_stage: str, on: dt.date, reason: str = "") -> dict:
    return {"phase": 1, "state_under_review": state, "to_stage": to_stage,
            "on": on.isoformat(), "reason": reason}


def write(files: dict[str, list[dict]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else FOLDER
    write(build(random.Random(18)), folder)
    print(f"history bundle written to {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
