"""Request and answer bodies of the lists of observations per article and of the general
report of trends. Bounds keep any body within what the service stores (422 naming the
field beyond them; 413 beyond the request size)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.reviews.api.command_schemas import ActorSchema, On
from services.reviews.api.report_schemas import AsOfSchema
from services.reviews.domain.observations import KINDS

TEXT = validate.Length(min=1, max=4000)
ITEMS = validate.Length(max=50)


class NeedSchema(ma.Schema):
    category = ma.fields.String(required=True, validate=validate.Length(min=1, max=40))
    text = ma.fields.String(required=True, validate=TEXT)


class ArticleObservationsSchema(ma.Schema):
    instrument = ma.fields.String(required=True, validate=validate.Length(min=1, max=20))
    article = ma.fields.String(required=True, validate=validate.Length(min=1, max=20))
    successes = ma.fields.List(ma.fields.String(validate=TEXT), load_default=list,
                               validate=ITEMS, metadata={"description": "good practices"})
    challenges = ma.fields.List(ma.fields.String(validate=TEXT), load_default=list,
                                validate=ITEMS)
    needs = ma.fields.List(ma.fields.Nested(NeedSchema), load_default=list, validate=ITEMS)


class DraftRequestSchema(ActorSchema):
    articles = ma.fields.List(ma.fields.Nested(ArticleObservationsSchema), required=True,
                              validate=validate.Length(min=1, max=200))
    on = On()


class AgreeRequestSchema(ActorSchema):
    good_practices_public = ma.fields.Boolean(required=True, metadata={
        "description": "whether the State under review agrees that its good practices be "
                       "published (quoted in the general report of trends)"})
    on = On()


class AdoptRequestSchema(ActorSchema):
    on = On()


class ItemSchema(ma.Schema):
    kind = ma.fields.String(validate=validate.OneOf(KINDS))
    category = ma.fields.String(allow_none=True)
    text = ma.fields.String()


class ArticleItemsSchema(ma.Schema):
    instrument = ma.fields.String()
    article = ma.fields.String()
    items = ma.fields.List(ma.fields.Nested(ItemSchema))


class ListVersionSchema(ma.Schema):
    version = ma.fields.Integer()
    status = ma.fields.String()
    drafted_by = ma.fields.String()
    drafter_state = ma.fields.String()
    drafted_on = ma.fields.Date()
    drafted_at = ma.fields.DateTime()
    agreed_by = ma.fields.String(allow_none=True)
    agreed_on = ma.fields.Date(allow_none=True)
    agreed_at = ma.fields.DateTime(allow_none=True)
    good_practices_public = ma.fields.Boolean(allow_none=True)
    adopted_by = ma.fields.String(allow_none=True)
    adopted_on = ma.fields.Date(allow_none=True)
    adopted_at = ma.fields.DateTime(allow_none=True)
    articles = ma.fields.List(ma.fields.Nested(ArticleItemsSchema))


class CategorySchema(ma.Schema):
    code = ma.fields.String(required=True, validate=[
        validate.Length(min=1, max=40), validate.Regexp(r"^[a-z][a-z0-9_]*$")])
    label = ma.fields.String(required=True, validate=validate.Length(min=1, max=120))


class CategoryRequestSchema(ActorSchema, CategorySchema):
    pass


class TrendQuerySchema(AsOfSchema):
    cluster = ma.fields.Integer(load_default=None, validate=validate.Range(min=1, max=4))
    phase = ma.fields.Integer(load_default=None, validate=validate.Range(min=1, max=10))
    format = ma.fields.String(load_default="json",
                              validate=validate.OneOf(("json", "text", "csv", "html")))
