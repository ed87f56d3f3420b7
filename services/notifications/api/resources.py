"""The notifications API: the messages sent, held or failed, and the copy of mission contacts."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.notifications import queries
from services.notifications.api.schemas import MessageFilterSchema, MessageSchema, MissionSchema
from shared.context import current

blp = Blueprint("notifications", __name__,
                description="Messages to the Permanent Missions and their contacts")


@blp.route("/messages")
class Messages(MethodView):
    @blp.arguments(MessageFilterSchema, location="query")
    @blp.response(200, MessageSchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List the messages, filtered by State, status or kind"""
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
