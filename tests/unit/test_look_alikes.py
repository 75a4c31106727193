"""Look-alike pseudonyms: each attack string reads like `demo-moderator` on screen and is refused."""

import threading

import pytest

from portal import db
from portal.members import handles, pseudonyms
from portal.members.models import Member
from tests.conftest import make_member

ATTACKS = {
    "combining grapheme joiner appended": "demo-moderator\u034f",
    "hangul filler appended": "demo-moderator\u3164",
    "Cyrillic е": "d\u0435mo-moderator",
    "overlay on a letter": "demo-mode\u0336rator",
    "zero-width space inside": "demo-\u200bmoderator",
    "soft hyphen inside": "demo-mod\u00aderator",
    "Cyrillic capital Е in capitals": "D\u0415MO-MODERATOR",
    "rn for m": "demo-rnoderator",
}


def refusal(handle):
    """The message a new member gets for this pseudonym, by the rules and by the names already in use."""
    return handles.problem(handle) or pseudonyms.clash(handle)


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_each_look_alike_of_a_staff_pseudonym_is_refused(app, attack):
    make_member("demo-moderator", "moderator")
    assert refusal(attack) is not None


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_choosing_a_look_alike_changes_nothing(app, attack):
    make_member("demo-moderator", "moderator")
    newcomer = make_member("newcomer")
    with pytest.raises(pseudonyms.PseudonymRefused):
        pseudonyms.choose(newcomer, attack)
    assert newcomer.__class__.get_by_id(newcomer.id).handle == "newcomer"


@pytest.mark.parametrize("invisible", ["\u034f", "\u3164", "\u115f", "\u200b", "\u200d", "\u2060", "\ufeff",
                                       "\u00ad", "\u180e", "\ufe0f", "\U000e0041"])
def test_invisible_and_default_ignorable_characters_are_refused_without_any_other_member(app, invisible):
    assert "cannot be seen" in str(handles.problem(f"noor{invisible}x"))


@pytest.mark.parametrize("overlay", ["\u0334", "\u0335", "\u0336", "\u0337", "\u0338", "\u20d2", "\u20e5"])
def test_marks_drawn_through_a_letter_are_refused(app, overlay):
    assert "line drawn through" in str(handles.problem(f"no{overlay}or"))


def test_the_skeleton_is_shared_by_the_attacks_and_not_by_a_different_name(app):
    key = handles.look_alike_key("demo-moderator")
    assert handles.look_alike_key("d\u0435mo-moderator") == key
    assert handles.look_alike_key("DEMO-MODERATOR") == key
    assert handles.look_alike_key("demo-rnoderator") == key
    assert handles.look_alike_key("demo-organiser") != key


@pytest.mark.parametrize("name", ["محمد", "نور_٢٢", "سارا", "نسیم", "مهرداد", "Лиса-88", "Дмитрий", "Алёна",
                                  "Kıyı-yolcu", "Zoë", "José_M"])
def test_ordinary_names_in_arabic_farsi_cyrillic_and_latin_are_allowed(app, name):
    make_member("demo-moderator", "moderator")
    assert refusal(name) is None
    member = make_member("someone-new")
    pseudonyms.choose(member, name)
    assert member.__class__.get_by_id(member.id).handle == handles.normalise(name)


def test_a_farsi_and_an_arabic_name_that_differ_only_by_their_yeh_read_alike(app):
    # Farsi ی and Arabic ي are the same letter in most fonts: the second one is refused
    make_member("نسیم")
    assert "looks too much like" in str(pseudonyms.clash("نسيم"))


def test_sign_in_names_follow_the_same_character_rules(app, client):
    response = client.submit("/apply", {"handle": "quiet\u200bkey", "password": "a long enough test password",
                                        "password_repeat": "a long enough test password", "languages": ["en"],
                                        "region": "0", "accept_rules": "y"})
    assert response.status_code == 422
    assert "cannot be seen" in response.get_data(as_text=True)


def test_look_alikes_chosen_at_the_same_moment_cannot_both_win(app):
    """Each member chooses in their own thread and connection, all released at once (run on PostgreSQL too)."""
    for round_ in range(5):
        names = [f"demo-moderator-{round_}", f"d\u0435mo-moderator-{round_}", f"demo-rnoderator-{round_}"]
        racers = [make_member(f"racer-{round_}-{n}") for n in range(len(names))]
        start = threading.Barrier(len(names))
        won, refused, errors = [], [], []

        def choose(member, name):
            try:
                start.wait()
                pseudonyms.choose(Member.get_by_id(member.id), name)
                won.append(name)
            except pseudonyms.PseudonymRefused:
                refused.append(name)
            except Exception as error:
                errors.append(error)
            finally:
                db.database.close()

        threads = [threading.Thread(target=choose, args=pair) for pair in zip(racers, names, strict=False)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == [] and len(won) == 1 and len(refused) == 2, (round_, won, refused)
        key = handles.look_alike_key(names[0])
        assert Member.select().where(Member.handle_skeleton == key).count() == 1
