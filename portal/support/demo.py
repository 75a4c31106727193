"""Demo content of the staff desk: intake questions, and a support request with a short thread."""

from portal.auth import intake
from portal.support import flow
from portal.support.models import SupportRequest

QUESTIONS = [
    ("en", "How did you hear about us?", True),
    ("en", "Which language would you like for a first call?", False),
    ("nl", "Hoe heb je over ons gehoord?", True),
    ("ar", "كيف سمعت عنا؟", True),
]


def populate(members):
    """Add the questions and one support request of demo-member, taken by demo-moderator (once)."""
    if not intake.all_questions().exists():
        for locale, text, required in QUESTIONS:
            intake.add_question(members["demo-admin"], locale, text, required)
    if SupportRequest.select().exists():
        return
    request = flow.open_request(members["demo-member"], category="housing", language="en",
                                text="My room in the centre is shared with people from home. Is there another place?")
    request = flow.take(request, members["demo-moderator"])
    flow.post_message(request, members["demo-moderator"],
                      "Thank you for telling us. We know a network with safe rooms; can we call you on Thursday?")
    flow.open_request(members["demo-buddy"], category="procedure", language="fa",
                      text="My second interview is next month. Can someone help me prepare?")
