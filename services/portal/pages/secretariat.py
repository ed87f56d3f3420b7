"""What the secretariat's form pages share: only the secretariat reaches them (anyone else
is answered 403, even by a link typed by hand: the services would refuse the writes anyway,
but a State's official should not be shown the forms), a write that the service did is
followed by a redirect to the page that shows its result, with a short confirmation, and a
refused one shows the form again as it was typed, the service's reason beside each field.

The index of the secretariat's forms lives here too."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template
from flask_babel import gettext

from services.portal.pages.context import viewer

blp = Blueprint("secretariat", __name__, url_prefix="/secretariat")


def secretariat_only():
    """Before every request of a secretariat's blueprint."""
    if not viewer().may_act:
        abort(403, description=gettext("Only the secretariat may use this page."))


blp.before_request(secretariat_only)


def confirmed(url: str, message: str):
    """After a write the service did: to the page that shows it (303, so that a reload
    does not send the form again), with the confirmation on top."""
    flash(message, "confirmation")
    return redirect(url, code=303)


def refused(template: str, sent, **page):
    """The form again with what was typed and the service's refusal, with its status."""
    return render_template(template, **page), sent.refusal.status


@blp.get("/")
def index():
    return render_template("secretariat/index.html")
