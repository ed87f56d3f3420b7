"""The secretariat records what was done at a meeting: the meeting itself, the result of a
draw of lots held there (the lots service checks every rule of the draw and names each
review that breaks one, shown beside its row), and the repetitions of a draw."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from services.portal.adapters.peers import Peers, Refusal, in_parallel
from services.portal.domain.secretariat_forms import body_of, draw_row_refusals, recorded_draw_body
from services.portal.pages.common import state_names
from services.portal.pages.context import peers
from services.portal.pages.secretariat import confirmed, refused, secretariat_only

blp = Blueprint("secretariat_draws", __name__, url_prefix="/secretariat")
blp.before_request(secretariat_only)


def _meetings(p: Peers) -> list[dict]:
    return sorted(p.all("lots", "/meetings"), key=lambda m: m["held_on"], reverse=True)


def _meeting_choices(p: Peers) -> list[tuple[str, str]]:
    """The meetings as a form offers them: the newest first, each with its day."""
    return [(m["name"], f"{m['name']}, {m['held_on']}") for m in _meetings(p)]


@blp.get("/meetings")
def meetings():
    return render_template("secretariat/meetings.html", meetings=_meetings(peers()),
                           values=MultiDict(), refusal=None)


@blp.post("/meetings")
def register_meeting():
    sent = peers().send("lots", "/meetings", body_of(request.form, ("name", "title",
                                                                     "held_on")))
    if sent.refusal:
        return refused("secretariat/meetings.html", sent, meetings=_meetings(peers()),
                       values=request.form, refusal=sent.refusal)
    return confirmed(url_for("secretariat_draws.meetings"), gettext(
        "The meeting %(name)s is registered.", name=sent.body["name"]))


def _undrawn_group(p: Peers, group_id: int | None) -> tuple[list[dict], dict | None]:
    """The groups not drawn yet, and the one chosen (404 if drawn or unknown)."""
    groups = [g for g in p.all("lots", "/groups") if not g.get("draw_id")]
    if group_id is None:
        return groups, None
    chosen = next((g for g in groups if g["id"] == group_id), None)
    if chosen is None:
        abort(404)
    return groups, chosen


def _record_page(group_id, values, refusal: Refusal | None = None, rows=None):
    p = peers()
    (groups, group), meetings, names = in_parallel([
        lambda: _undrawn_group(p, group_id), lambda: _meeting_choices(p), lambda: state_names(p)])
    return render_template("secretariat/draw_record.html", groups=groups, group=group,
                           meetings=meetings, names=names, values=values, refusal=refusal,
                           rows=rows or {})


@blp.get("/draws/record")
def record_form():
    group = request.args.get("group", "")
    return _record_page(int(group) if group.isdigit() else None, MultiDict())


@blp.post("/draws/record")
def record_draw():
    group_id = request.args.get("group", "")
    _, group = _undrawn_group(peers(), int(group_id) if group_id.isdigit() else -1)
    body = recorded_draw_body(request.form, group)
    sent = peers().send("lots", "/draws/recorded", body)
    if sent.refusal:
        rows = draw_row_refusals(sent.body.get("breaches") if isinstance(sent.body, dict)
                                 else None, sent.refusal.errors, body["reviews"])
        return _record_page(group["id"], request.form, sent.refusal, rows), \
            sent.refusal.status
    return confirmed(url_for("draws.draw", draw_id=sent.body["id"]), gettext(
        "The draw of group %(number)s held at %(meeting)s is recorded.",
        number=group["number"], meeting=sent.body.get("meeting") or ""))


def _draw(draw_id: int) -> dict:
    found = peers().maybe("lots", f"/draws/{draw_id}", picks="false")
    if found is None:
        abort(404)
    return found


def _repetition_page(draw: dict, values, refusal: Refusal | None = None):
    return render_template("secretariat/repetition.html", draw=draw,
                           meetings=_meeting_choices(peers()), values=values, refusal=refusal)


@blp.get("/draws/<int:draw_id>/repetition")
def repetition_form(draw_id: int):
    return _repetition_page(_draw(draw_id), MultiDict(
        {"state_under_review": request.args.get("state", "")}))


@blp.post("/draws/<int:draw_id>/repetition")
def repeat(draw_id: int):
    form = request.form
    body = {**body_of(form, ("state_under_review", "replaced", "requested_by", "reason",
                             "repeated_on", "meeting")),
            "exceptional": form.get("exceptional") == "yes"}
    sent = peers().send("lots", f"/draws/{draw_id}/repetitions", body)
    if sent.refusal:
        return _repetition_page(_draw(draw_id), form, sent.refusal), sent.refusal.status
    return confirmed(url_for("draws.draw", draw_id=draw_id), gettext(
        "Repetition %(number)s is recorded: %(replacement)s replaces %(replaced)s as reviewer "
        "of %(state)s.", number=sent.body["number"], replacement=sent.body["replacement"],
        replaced=sent.body["replaced"], state=sent.body["state_under_review"]))
