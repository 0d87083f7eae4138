"""The French catalogue is complete: every string of the code and templates is translated.

`make messages` collects new strings; this test fails on any msgid left untranslated or fuzzy,
in the committed catalogue and in one freshly collected from the sources (GNU gettext needed).
"""

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command

CATALOGUE = Path(settings.BASE_DIR) / "kb" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
IGNORED = [".venv", "var", "test-artifacts", "tests", "benchmarks"]  # as `make messages`


def untranslated(po_path):
    """The msgids of a catalogue that are empty or fuzzy."""
    with open(po_path, "rb") as po:
        catalogue = read_po(po)
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id)
    return missing


def test_the_committed_catalogue_is_fully_translated():
    assert untranslated(CATALOGUE) == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext's xgettext is absent")
def test_every_string_of_the_sources_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    locale = tmp_path / "locale"
    (locale / "fr" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(CATALOGUE, locale / "fr" / "LC_MESSAGES" / "django.po")
    settings.LOCALE_PATHS = [locale]
    monkeypatch.chdir(settings.BASE_DIR)
    # Ignoring kb/locale makes makemessages write every string to the copy, not the original.
    ignored = [*IGNORED, "kb/locale"]
    call_command("makemessages", locale=["fr"], ignore_patterns=ignored, verbosity=0)
    assert untranslated(locale / "fr" / "LC_MESSAGES" / "django.po") == []
