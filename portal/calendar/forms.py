"""The meet-up form, and the organiser's message to attendees."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from portal.auth.forms import CheckboxesField
from portal.config import SPOKEN_LANGUAGES
from portal.formats import language_choices
from portal.forms import Form, choices, coerce_id, strip_whitespace
from portal.members.models import Region


def within_reach(form, field):
    """A date someone can mean: the year 1 or 9999 cannot even be converted to UTC."""
    if field.data and not 2000 <= field.data.year <= 2999:
        field.data = None
        raise StopValidation(_l("Choose a date between the years 2000 and 2999."))


REPEAT_CHOICES = [("", _l("Does not repeat")), ("weekly", _l("Every week")), ("biweekly", _l("Every two weeks")),
                  ("monthly_weekday", _l("Every month on the same weekday (like the second Tuesday)")),
                  ("monthly_date", _l("Every month on the same date"))]


class MeetupForm(Form):
    title = StringField(_l("Title"), filters=[strip_whitespace], validators=[
        DataRequired(_l("Give the meet-up a title.")), Length(3, 120, _l("A title has 3 to 120 characters."))])
    description = TextAreaField(_l("Description"), filters=[strip_whitespace],
                                validators=[Optional(), Length(max=10_000)], render_kw={"rows": 6},
                                description=_l("Markdown works here. Do not put the exact address here."))
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M",
                                   validators=[InputRequired(_l("When does it start?")), within_reach])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M",
                                 validators=[InputRequired(_l("When does it end?")), within_reach])
    region = SelectField(_l("Region"), coerce=coerce_id, validate_choice=False)
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
    reminder_hours = IntegerField(_l("Remind the people going (hours before the start)"), default=24,
                                  validators=[Optional(), NumberRange(0, 168, _l("Between 0 and 168 hours."))],
                                  description=_l("0 or empty: no reminder."))
    reveal_hours = IntegerField(_l("Show the exact address only this many hours before the start"),
                                validators=[Optional(), NumberRange(1, 168, _l("Between 1 and 168 hours."))],
                                description=_l("Leave empty to show it as soon as someone is going. "
                                               "The address is never sent by e-mail."))
    repeat = SelectField(_l("Repeats"), choices=choices(REPEAT_CHOICES), default="")
    repeat_until = DateField(_l("Repeats until"), validators=[Optional()],
                             description=_l("The last day it may take place, at most a year ahead."))
    scope = RadioField(_l("Change"), choices=choices([("this", _l("Only this date")),
                                                      ("following", _l("This date and all that follow"))]),
                       default="this")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = choices([(0, _l("No region"))] + [(r.id, r.name) for r in Region.ordered()])

    def validate_region(self, field):
        if field.data and not Region.select().where(Region.id == field.data).exists():
            raise ValidationError(_l("Choose a region from the list."))


class MessageForm(Form):
    text = TextAreaField(_l("Message to everyone going"), filters=[strip_whitespace],
                         validators=[DataRequired(_l("Write the message first.")), Length(max=2000)],
                         render_kw={"rows": 3})
