"""Every form of the site is built on portal.forms.Form, so every field gets its checks."""

from flask_wtf import FlaskForm

import portal
from portal.forms import Form


def all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from all_subclasses(sub)


def test_every_form_of_the_portal_is_a_portal_form():
    assert portal.create_app  # importing the app imports every feature's forms
    forms = [cls for cls in all_subclasses(FlaskForm) if cls.__module__.startswith("portal.")]
    assert len(forms) > 20
    assert [cls.__qualname__ for cls in forms if not issubclass(cls, Form)] == []


def test_a_text_field_refuses_control_characters_and_keeps_the_text(app):
    from portal.forum.forms import ReplyForm

    with app.test_request_context(method="POST", data={"body": "Hello\x00 there"}):
        form = ReplyForm(meta={"csrf": False})
        assert not form.validate()
        assert form.body.data == "Hello\x00 there"
        assert "invisible control characters" in str(form.body.errors[0])


def test_a_missing_text_field_reads_as_empty(app):
    from portal.calendar.forms import MeetupForm

    with app.test_request_context(method="POST", data={"title": "Picnic"}):
        form = MeetupForm(meta={"csrf": False})
        form.validate()
        assert form.online_link.data == "" and form.private_address.data == ""
