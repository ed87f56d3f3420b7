"""The self-assessment questionnaire of one review, one question per page: the State under
review answers (each answer saved as a draft when the person moves on, so nothing is lost
between pages) and submits; the reviewing States give feedback per question and their
written feedback as a whole; the State under review replies to each item of feedback.

Every write is the reviews service's, sent with the person's own token; a refusal shows
the service's reason beside its field, in the form as it was posted.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from services.portal.adapters.peers import Refusal, in_parallel
from services.portal.domain import duties
from services.portal.domain.answer_form import draft_of, read_answer, with_empty_rows
from services.portal.pages.common import refusal_status, state_names, visible_review
from services.portal.pages.context import peers, viewer

blp = Blueprint("questionnaire", __name__)
#: what a reviewing State's feedback on one question may be
FEEDBACK_KINDS = ("comment", "clarification_request")


def _read(review_id: int) -> tuple[dict, dict, list, dict]:
    who, p = viewer(), peers()
    review = visible_review(p, who, review_id)
    questionnaire, feedback, names = in_parallel([
        lambda: p.get("reviews", f"/reviews/{review_id}/questionnaire"),
        lambda: p.get("reviews", f"/reviews/{review_id}/questionnaire/feedback"),
        lambda: state_names(p),
    ])
    return review, questionnaire, feedback, names


def _offers(review: dict) -> dict:
    who = viewer()
    return {"answer": duties.may_answer(who, review), "submit": duties.may_submit(who, review),
            "feedback": duties.may_give_feedback(who, review),
            "send_feedback": duties.may_send_feedback(who, review),
            "reply": duties.may_reply(who, review)}


def _list(review_id: int, status: int = 200, refusal: Refusal | None = None,
          refused: str | None = None, written: str = ""):
    review, questionnaire, feedback, names = _read(review_id)
    per_question: dict[str, int] = {}
    for item in feedback:
        per_question[item["question_id"]] = per_question.get(item["question_id"], 0) + 1
    questions = questionnaire.get("questions", [])
    return render_template(
        "questionnaire.html", review=review, questionnaire=questionnaire,
        questions=questions, feedback_count=per_question, names=names,
        unanswered=sum(1 for q in questions if not q.get("answer")),
        open_replies=duties.open_replies(feedback), offers=_offers(review),
        refusal=refusal, refused=refused, written=written), status


@blp.get("/reviews/<int:review_id>/questionnaire")
def page(review_id: int):
    return _list(review_id)


def _question(review_id: int, question_id: str, status: int = 200, **shown):
    review, questionnaire, feedback, names = _read(review_id)
    questions = questionnaire.get("questions", [])
    ids = [q["question_id"] for q in questions]
    if question_id not in ids:
        abort(404)
    at = ids.index(question_id)
    question = questions[at]
    shown.setdefault("draft", draft_of(question.get("answer")))
    return render_template(
        "question.html", review=review, question=question, number=at + 1,
        count=len(questions), previous=ids[at - 1] if at else None,
        following=ids[at + 1] if at + 1 < len(ids) else None, names=names,
        feedback=[f for f in feedback if f["question_id"] == question_id],
        offers=_offers(review), kinds=FEEDBACK_KINDS,
        **{"refusal": None, "refused": None, "written": {}, "kind": "", **shown,
           "draft": with_empty_rows(shown["draft"])}), status


@blp.get("/reviews/<int:review_id>/questionnaire/<string:question_id>")
def question(review_id: int, question_id: str):
    return _question(review_id, question_id)


def _where(review_id: int, question_id: str) -> tuple[dict, str | None]:
    """The draft saved of the question, and the question after it (None after the last)."""
    questions = peers().get("reviews", f"/reviews/{review_id}/questionnaire").get(
        "questions", [])
    ids = [q["question_id"] for q in questions]
    at = ids.index(question_id) if question_id in ids else len(ids)
    saved = draft_of(questions[at].get("answer") if at < len(ids) else None)
    return saved, ids[at + 1] if at + 1 < len(ids) else None


@blp.post("/reviews/<int:review_id>/questionnaire/<string:question_id>")
def save_answer(review_id: int, question_id: str):
    """Save the answer as a new draft version; then stay, or go on to the next question.
    Moving on saves nothing where nothing changed (no new version of the same text) or
    nothing is typed (the service takes no empty answer), so that going through the
    questions writes only what was written."""
    body = read_answer(request.form)
    moving_on = request.form.get("then") == "next"
    saved, following = _where(review_id, question_id)
    typed = body["answer"].strip() or body["legislation"] or body["cases"]
    if not moving_on or (typed and body != saved):
        sent = peers().send("reviews", f"/reviews/{review_id}/questionnaire/answers/"
                                       f"{question_id}", body, method="PUT")
        if sent.refusal:
            return _question(review_id, question_id, refusal_status(sent.refusal), draft=body,
                             refusal=sent.refusal, refused="answer")
    following = following if moving_on else question_id
    if following is None:
        return redirect(url_for(".page", review_id=review_id), code=303)
    return redirect(url_for(".question", review_id=review_id, question_id=following),
                    code=303)


@blp.post("/reviews/<int:review_id>/questionnaire/submit")
def submit(review_id: int):
    sent = peers().send("reviews", f"/reviews/{review_id}/questionnaire/submit", {})
    if sent.refusal:
        return _list(review_id, refusal_status(sent.refusal), sent.refusal, "submit")
    return redirect(url_for(".page", review_id=review_id), code=303)


@blp.post("/reviews/<int:review_id>/questionnaire/<string:question_id>/feedback")
def give_feedback(review_id: int, question_id: str):
    body = {"kind": request.form.get("kind", ""), "text": _text("text")}
    sent = peers().send("reviews", f"/reviews/{review_id}/questionnaire/answers/"
                                   f"{question_id}/feedback", body)
    if sent.refusal:
        return _question(review_id, question_id, refusal_status(sent.refusal),
                         refusal=sent.refusal, refused="feedback",
                         written={"feedback": body["text"]}, kind=body["kind"])
    return redirect(url_for(".question", review_id=review_id, question_id=question_id,
                            _anchor="feedback"), code=303)


@blp.post("/reviews/<int:review_id>/questionnaire/<string:question_id>/replies/"
          "<int:feedback_id>")
def reply(review_id: int, question_id: str, feedback_id: int):
    text = _text("text")
    sent = peers().send("reviews", f"/reviews/{review_id}/questionnaire/feedback/"
                                   f"{feedback_id}/replies", {"text": text})
    if sent.refusal:
        return _question(review_id, question_id, refusal_status(sent.refusal),
                         refusal=sent.refusal, refused=f"reply-{feedback_id}",
                         written={f"reply-{feedback_id}": text})
    return redirect(url_for(".question", review_id=review_id, question_id=question_id,
                            _anchor=f"feedback-{feedback_id}"), code=303)


@blp.post("/reviews/<int:review_id>/written-feedback")
def send_feedback(review_id: int):
    """The reviewing State's written feedback as a whole; the last one ends the stage."""
    text = _text("text")
    sent = peers().send("reviews", f"/reviews/{review_id}/feedback",
                        {"text": text, "actor_state": viewer().state})
    if sent.refusal:
        return _list(review_id, refusal_status(sent.refusal), sent.refusal, "send_feedback", text)
    return redirect(url_for(".page", review_id=review_id), code=303)


def _text(name: str) -> str:
    return (request.form.get(name) or "").replace("\r\n", "\n")
