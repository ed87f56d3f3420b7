"""The notifications API: the messages sent, held, skipped or failed; the items States owe and
their reminders; the copy of mission contacts; and a preview of every template."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.notifications import queries
from services.notifications.api.schemas import (
    ItemFilterSchema,
    ItemSchema,
    MessageFilterSchema,
    MessageSchema,
    MissionSchema,
    PreviewQuerySchema,
    PreviewSchema,
    TemplateKindSchema,
)
from shared.context import current

blp = Blueprint("notifications", __name__,
                description="Messages to the Permanent Missions, reminders and templates")


@blp.route("/messages")
class Messages(MethodView):
    @blp.arguments(MessageFilterSchema, location="query")
    @blp.response(200, MessageSchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List the messages, filtered by State, review, status, kind or creation dates"""
        return queries.list_messages(current(), pagination_parameters, **filters)


@blp.route("/messages/<int:message_id>")
class MessagesById(MethodView):
    @blp.response(200, MessageSchema)
    def get(self, message_id):
        """Show one message: its text, its recipients and how its delivery went"""
        return queries.get_message(current(), message_id)


@blp.route("/missions/<string:code>")
class MissionsByCode(MethodView):
    @blp.response(200, MissionSchema)
    def get(self, code):
        """Show the service's copy of a Permanent Mission's contact"""
        return queries.get_mission(current(), code)


@blp.route("/items")
class Items(MethodView):
    @blp.arguments(ItemFilterSchema, location="query")
    @blp.response(200, ItemSchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List what States owe by a deadline, open or settled, with the reminders sent"""
        return queries.list_items(current(), pagination_parameters, **filters)


@blp.route("/templates")
class Templates(MethodView):
    @blp.response(200, TemplateKindSchema(many=True))
    def get(self):
        """List the kinds of letters and the languages each is written in"""
        return queries.template_kinds()


@blp.route("/templates/<string:kind>/preview")
class TemplatePreview(MethodView):
    @blp.arguments(PreviewQuerySchema, location="query")
    @blp.response(200, PreviewSchema)
    def get(self, query, kind):
        """Render a kind of letter for a sample event in one of the six languages"""
        return queries.preview(kind, query["language"])
