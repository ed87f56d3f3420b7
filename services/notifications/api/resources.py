"""The notifications API: the messages sent, held, skipped or failed; the items States owe and
their reminders; the copy of mission contacts; and a preview of every template."""

from __future__ import annotations

from flask import jsonify
from flask.views import MethodView

from services.notifications.adapters import queries
from services.notifications.api.schemas import (
    BODY_FIELDS,
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
from shared.web.access import require_roles, visible_states
from shared.web.blueprint import Blueprint
from shared.web.errors import NotFound

blp = Blueprint("notifications", __name__,
                description="Messages to the Permanent Missions, reminders and templates")


def _staff_only(what: str) -> None:
    require_roles("secretariat", "service", what=what)


@blp.route("/messages")
class Messages(MethodView):
    @blp.arguments(MessageFilterSchema, location="query")
    @blp.response(200, MessageSchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List the messages, filtered by State, review, status, kind or creation dates"""
        body = filters.pop("body")
        own = visible_states()
        if own is not None:  # a State's officials see the correspondence with their Mission
            if filters.get("state_code") not in (None, own):
                pagination_parameters.item_count = 0
                return []
            filters["state_code"] = own
        messages = queries.list_messages(current(), pagination_parameters, body=body, **filters)
        if body:
            return messages
        return jsonify(MessageSchema(many=True, exclude=BODY_FIELDS).dump(messages))


@blp.route("/messages/<int:message_id>")
class MessagesById(MethodView):
    @blp.response(200, MessageSchema)
    def get(self, message_id):
        """Show one message: its text, its recipients and how its delivery went"""
        message = queries.get_message(current(), message_id)
        if visible_states() not in (None, message.state_code):
            raise NotFound(f"message {message_id} does not exist", field="message_id")
        return message


@blp.route("/missions/<string:code>")
class MissionsByCode(MethodView):
    @blp.response(200, MissionSchema)
    def get(self, code):
        """Show the service's copy of a Permanent Mission's contact"""
        _staff_only("read Mission contacts")
        return queries.get_mission(current(), code)


@blp.route("/items")
class Items(MethodView):
    @blp.arguments(ItemFilterSchema, location="query")
    @blp.response(200, ItemSchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List what States owe by a deadline, open or settled, with the reminders sent"""
        _staff_only("read reminder items")
        return queries.list_items(current(), pagination_parameters, **filters)


@blp.route("/templates")
class Templates(MethodView):
    @blp.response(200, TemplateKindSchema(many=True))
    def get(self):
        """List the kinds of letters and the languages each is written in"""
        _staff_only("read templates")
        return queries.template_kinds()


@blp.route("/templates/<string:kind>/preview")
class TemplatePreview(MethodView):
    @blp.arguments(PreviewQuerySchema, location="query")
    @blp.response(200, PreviewSchema)
    def get(self, query, kind):
        """Render a kind of letter for a sample event in one of the six languages"""
        _staff_only("preview templates")
        return queries.preview(kind, query["language"])
