"""What is written inside a stage: versions of the list of observations and of the summary,
and the summary's translations (the questionnaire is in api/answers.py)."""

from __future__ import annotations

from flask.views import MethodView

from services.reviews.adapters import work_queries
from services.reviews.adapters.repository import OBSERVATIONS, SUMMARY_DOC
from services.reviews.api.command_schemas import DocumentRequestSchema, TranslationRequestSchema
from services.reviews.api.resources import actor_of
from services.reviews.api.schemas import DocumentSchema, TranslationSchema
from services.reviews.handlers.work import track_translation, write_document
from shared.context import current
from shared.web.blueprint import Blueprint

blp = Blueprint("documents", __name__,
                description="The list of observations and the summary")


def _versions(kind: str, review_id: int) -> list:
    return work_queries.documents(current(), review_id, kind)


@blp.route("/reviews/<int:review_id>/observations")
class Observations(MethodView):
    @blp.response(200, DocumentSchema(many=True))
    def get(self, review_id):
        """List the versions of the list of observations, oldest first"""
        return _versions(OBSERVATIONS, review_id)

    @blp.arguments(DocumentRequestSchema)
    @blp.response(201, DocumentSchema(many=True))
    def post(self, data, review_id):
        """Add a version of the list of observations"""
        write_document(current(), review_id, actor_of(data), OBSERVATIONS, data["text"])
        return _versions(OBSERVATIONS, review_id)


@blp.route("/reviews/<int:review_id>/summary")
class Summary(MethodView):
    @blp.response(200, DocumentSchema(many=True))
    def get(self, review_id):
        """List the versions of the summary, oldest first"""
        return _versions(SUMMARY_DOC, review_id)

    @blp.arguments(DocumentRequestSchema)
    @blp.response(201, DocumentSchema(many=True))
    def post(self, data, review_id):
        """Add a version of the summary (at most 1,500 words); its translations restart"""
        write_document(current(), review_id, actor_of(data), SUMMARY_DOC, data["text"])
        return _versions(SUMMARY_DOC, review_id)


@blp.route("/reviews/<int:review_id>/summary/translations")
class Translations(MethodView):
    @blp.response(200, TranslationSchema(many=True))
    def get(self, review_id):
        """The translation of the latest summary into each of the six languages"""
        return work_queries.translations(current(), review_id)


@blp.route("/reviews/<int:review_id>/summary/translations/<string:language>")
class TranslationByLanguage(MethodView):
    @blp.arguments(TranslationRequestSchema)
    @blp.response(200, TranslationSchema(many=True))
    def put(self, data, review_id, language):
        """Record where the translation into one language stands"""
        track_translation(current(), review_id, actor_of(data), language,
                                  data["status"])
        return work_queries.translations(current(), review_id)
