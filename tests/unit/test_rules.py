"""Pseudonym, password and code rules, without a request."""

import pytest

from portal.auth import passwords, tokens
from portal.members import handles


@pytest.mark.parametrize("handle", ["Ali", "noor_22", "Лиса-88", "نسیم", "Kıyı-yolcu", "a" * 30, "سارا_۱۲"])
def test_pseudonyms_of_any_script_are_accepted(app, handle):
    assert handles.problem(handle) is None


@pytest.mark.parametrize("handle, reason", [
    ("ab", "3 to 30"),
    ("a" * 31, "3 to 30"),
    ("two words", "letters, digits"),
    ("bad<script>", "letters, digits"),
    ("dot.name", "letters, digits"),
    ("", "3 to 30"),
])
def test_bad_pseudonyms_are_explained(app, handle, reason):
    assert reason in str(handles.problem(handle))


def test_pseudonyms_compare_after_nfkc_and_case_folding():
    assert handles.handle_key("ＡＬＩ") == handles.handle_key("ali") == "ali"
    assert handles.normalise("  Ｎoor ") == "Noor"


@pytest.mark.parametrize("password", ["short", "1234567890", "qwertyuiop", "Basketball"])
def test_weak_passwords_are_refused(app, password):
    assert passwords.problem(password) is not None


def test_list_holds_the_thousand_most_common_passwords():
    assert len(passwords.common_passwords()) >= 990
    assert "password" in passwords.common_passwords()


def test_a_long_uncommon_password_is_fine(app):
    assert passwords.problem("lanterns over the harbour") is None


def test_recovery_codes_are_random_grouped_and_forgiving_when_typed():
    codes = {tokens.new_recovery_code() for _ in range(50)}
    assert len(codes) == 50
    code = codes.pop()
    assert len(code) == 19 and code.count("-") == 3
    assert tokens.normalise_recovery_code(code.lower().replace("-", " ")) == code
    assert not set(code) & set("01ILO")
