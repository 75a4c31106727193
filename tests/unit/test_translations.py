"""Every shipped catalogue is complete: no empty or fuzzy message, the same placeholders as English."""

import re
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from portal.config import LANGUAGES

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def catalogue(code):
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as file:
        return read_po(file, locale=Locale.parse(code))


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != "en"])
def test_catalogue_is_complete_and_keeps_placeholders(code):
    problems = []
    for message in catalogue(code):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        expected = set().union(*(PLACEHOLDER.findall(text) for text in ids))
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {ids[0]!r}")
            continue
        for text in strings:
            found = set(PLACEHOLDER.findall(text))
            # a plural form may leave out the number (Arabic "one" and "two" say it in words)
            if found - expected or (len(ids) == 1 and found != expected):
                problems.append(f"placeholders differ: {ids[0]!r} -> {text!r}")
    assert problems == [], f"{code}: {len(problems)} problems\n" + "\n".join(problems[:20])


@pytest.mark.parametrize("code", ["ar", "ru"])
def test_plural_forms_match_the_language(code):
    forms = {"ar": 6, "ru": 3}[code]
    assert catalogue(code).num_plurals == forms


def test_every_interface_language_has_a_catalogue():
    assert {path.name for path in TRANSLATIONS.iterdir() if path.is_dir()} >= set(LANGUAGES) - {"en"}
