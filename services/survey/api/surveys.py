"""The secretariat's surveys: write one, open it to States with a deadline, close it. A
State's people (observers too) read the surveys opened to their State."""

from __future__ import annotations

from flask.views import MethodView

from services.survey.adapters.queries import invited_states, survey_of, surveys_seen_by
from services.survey.api.schemas import (
    OpeningSchema,
    SurveyInSchema,
    SurveySchema,
    SurveySummarySchema,
)
from services.survey.handlers.surveys import close_survey, define_survey, open_survey
from shared.context import current
from shared.web.access import visible_states
from shared.web.blueprint import Blueprint
from shared.web.errors import NotFound

blp = Blueprint("surveys", __name__, description="The technical assistance surveys")

SURVEY_FIELDS = ("id", "title", "introduction", "status", "deadline", "opened_on", "closed_on",
                 "questions")


def survey_seen(survey_id: int) -> dict:
    """The survey with the States invited, if the caller may see it (a State not invited
    is told there is no such survey; an invited one sees itself alone among them)."""
    state = visible_states()
    with current().session_factory() as session:
        survey = survey_of(session, survey_id)
        states = invited_states(session, survey_id)
        if state is not None and state not in states:
            raise NotFound(f"no survey {survey_id}", field="survey_id")
        if state is not None:
            states = [state]  # which other States were asked is the secretariat's to know
        return {**{name: getattr(survey, name) for name in SURVEY_FIELDS}, "states": states}


@blp.route("/surveys")
class Surveys(MethodView):
    @blp.response(200, SurveySummarySchema(many=True))
    def get(self):
        """The surveys: all for the secretariat, those opened to their State for others"""
        with current().session_factory() as session:
            return surveys_seen_by(session, visible_states())

    @blp.arguments(SurveyInSchema)
    @blp.response(201, SurveySchema)
    def post(self, body):
        """Write a survey (a draft): single-choice, multiple-choice and free-text questions"""
        return survey_seen(define_survey(current(), body["title"], body["introduction"],
                                         body["questions"]))


@blp.route("/surveys/<int:survey_id>")
class SurveyById(MethodView):
    @blp.response(200, SurveySchema)
    def get(self, survey_id):
        """A survey, its questions and the States it is open to"""
        return survey_seen(survey_id)


@blp.route("/surveys/<int:survey_id>/open")
class Opening(MethodView):
    @blp.arguments(OpeningSchema)
    @blp.response(200, SurveySchema)
    def post(self, body, survey_id):
        """Open a draft to the focal points and experts of the States chosen, until a
        deadline (inclusive); the notifications service invites them"""
        open_survey(current(), survey_id, body["states"], body["deadline"])
        return survey_seen(survey_id)


@blp.route("/surveys/<int:survey_id>/close")
class Closing(MethodView):
    @blp.response(200, SurveySchema)
    def post(self, survey_id):
        """Close an open survey: it takes no more answers"""
        close_survey(current(), survey_id)
        return survey_seen(survey_id)
