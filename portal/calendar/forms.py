"""The meet-up form, and the organiser's message to attendees."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.auth.forms import CheckboxesField
from portal.config import SPOKEN_LANGUAGES
from portal.formats import language_choices
from portal.forms import choices, strip_whitespace
from portal.members.models import Region


class MeetupForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Give the meet-up a title.")), Length(3, 120, _l("A title has 3 to 120 characters."))])
    description = TextAreaField(_l("Description"), filters=[strip_whitespace],
                                validators=[Optional(), Length(max=10_000)], render_kw={"rows": 6},
                                description=_l("Markdown works here. Do not put the exact address here."))
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M",
                                   validators=[InputRequired(_l("When does it start?"))])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M",
                                 validators=[InputRequired(_l("When does it end?"))])
    region = SelectField(_l("Region"), coerce=int, validate_choice=False)
    public_area = StringField(_l("Area everyone may see"), filters=[strip_whitespace],
                              validators=[Optional(), Length(max=120)],
                              description=_l("Roughly where, like “Groningen centre”."))
    private_address = StringField(_l("Exact address (only for people who are going)"), filters=[strip_whitespace],
                                  validators=[Optional(), Length(max=300)])
    online_link = URLField(_l("Online link (only for people who are going)"), filters=[strip_whitespace],
                           validators=[Optional(), URL(message=_l("This does not look like a web address.")),
                                       Length(max=500)])
    capacity = IntegerField(_l("Places"), validators=[Optional(), NumberRange(1, 10_000, _l("At least 1 place."))],
                            description=_l("Leave empty for no limit."))
    language_list = CheckboxesField(_l("Languages spoken"), choices=choices(language_choices(SPOKEN_LANGUAGES)))
    newcomer_friendly = BooleanField(_l("Good for new members"))
    public = BooleanField(_l("Show title, date, time, area and languages to visitors"))
    public_description = BooleanField(_l("Also show the description to visitors"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = choices([(0, _l("No region"))] + [(r.id, r.name) for r in Region.ordered()])

    def validate_region(self, field):
        if field.data and not Region.select().where(Region.id == field.data).exists():
            raise ValidationError(_l("Choose a region from the list."))


class MessageForm(FlaskForm):
    text = TextAreaField(_l("Message to everyone going"), filters=[strip_whitespace],
                         validators=[DataRequired(_l("Write the message first.")), Length(max=2000)],
                         render_kw={"rows": 3})
