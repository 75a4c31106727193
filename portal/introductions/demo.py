"""Demo introductions in every state, a buddy request waiting, and one conversation."""

import datetime

from portal.db import transaction, utcnow
from portal.introductions import flow
from portal.introductions.models import Introduction


def populate(members):
    """Add the demo introductions once; members is {handle: Member}."""
    if Introduction.select().exists():
        return
    moderator, member, buddy = members["demo-moderator"], members["demo-member"], members["demo-buddy"]
    organiser, newcomer = members["demo-organiser"], members["demo-newcomer"]

    # introduced, with a conversation: a buddy request that was matched and accepted
    matched = flow.request_buddy(member, languages=["ar", "en"], region=buddy.region, support=["procedure", "talk"],
                                 note="I have my second interview soon.", shares={"signal": "sunflower.42"})
    matched = flow.match_buddy(matched, moderator, buddy, "Speaks English, has done this before.")
    matched = flow.accept(matched, buddy, {"signal": "harbour-buddy.07"})
    for author, text in [
        (buddy, "Hello! I am happy to be your buddy. How are you feeling about the interview?"),
        (member, "Hello, thank you. A bit nervous. Can we practise the questions?"),
        (buddy, "Of course. Shall we meet at the drop-in on Wednesday, or talk here first?"),
        (member, "Here first, please. I will write my story down this week."),
    ]:
        flow.send_message(matched, author, text)

    # a buddy request waiting for a moderator to pick a buddy
    flow.request_buddy(newcomer, languages=["ar"], region=newcomer.region, support=["practical", "social"],
                       note="I just arrived and do not know anyone.", shares={})
    # waiting for the moderators
    flow.request_introduction(organiser, member, note="We both speak Arabic and live in Groningen.",
                              first_message="Hi! Would you like to help at the next cooking evening?", shares={})
    # approved, waiting for the other member's answer
    waiting = flow.request_introduction(newcomer, organiser, note="I would like to help organise meet-ups.",
                                        first_message="Hello, can I help with the welcome evening?", shares={})
    flow.approve(waiting, moderator, "Fine.")
    # declined by the moderators
    declined = flow.request_introduction(buddy, newcomer, note="Want to say welcome.",
                                         first_message="Welcome!", shares={})
    flow.decline_by_moderator(declined, moderator, "Newcomer asked for a buddy already; let the match happen.")
    # ended
    ended = flow.request_introduction(organiser, buddy, note="Planning the buddy training.",
                                      first_message="Shall we plan the training together?", shares={})
    ended = flow.accept(flow.approve(ended, moderator), buddy, {})
    flow.send_message(ended, organiser, "Thanks, the training is planned. Talk soon!")
    flow.end(ended, buddy)
    # declined by the member asked
    no_thanks = flow.request_introduction(newcomer, buddy, note="Same language.", first_message="Hi!", shares={})
    flow.decline(flow.approve(no_thanks, moderator), buddy)
    # both "no"s were long ago, so their requesters have been told (as the request would have expired)
    _backdate([declined, no_thanks], days=40)
    flow.expire_stale()
    # withdrawn by the one who asked, and one that expired unanswered
    withdrawn = flow.request_introduction(buddy, moderator, note="A question about buddy rules.",
                                          first_message="Hello!", shares={})
    flow.withdraw(withdrawn, buddy)
    expired = flow.request_introduction(newcomer, member, note="We are both new.", first_message="Hi!", shares={})
    _backdate([expired], days=60)
    flow.expire_stale()


def _backdate(introductions, days):
    with transaction():
        Introduction.update(created_at=utcnow() - datetime.timedelta(days=days)).where(
            Introduction.id.in_([introduction.id for introduction in introductions])).execute()
