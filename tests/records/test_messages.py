"""A Message reads as its English text and keeps its template and values, also after a trip
to another process, so that the app can say it in the registrar's language."""

from __future__ import annotations

import errno
import pickle

from records.dates import DateUnreadable
from records.messages import Message, os_reason, os_refusal


def test_a_message_is_its_english_text_and_keeps_how_it_was_made() -> None:
    said = Message("there is no month {month}", month=13)
    assert said == "there is no month 13"
    assert (said.template, said.values) == ("there is no month {month}", {"month": 13})


def test_values_are_put_in_as_they_are_never_read_as_templates() -> None:
    said = Message("this person already has {text}", text="{0} 佐藤")
    assert said == "this person already has {0} 佐藤"


def test_a_quoted_value_shows_its_spaces_as_spaces_and_other_invisibles_escaped() -> None:
    """repr() wrote 石田\\u3000春雄 for the name as the register has it; a zero-width space or
    a line break, which nothing would show, stays escaped, and a backslash typed stays one."""
    said = Message("{text!r} names no one", text="石田\u3000春雄")
    assert said == "'石田\u3000春雄' names no one"
    assert said.values["text"] == "石田\u3000春雄"
    hidden = Message("{text!r}", text="石\u200b田\n\xa0\\xa0\\u3000")
    assert hidden == "'石\\u200b田\\n\xa0\\\\xa0\\\\u3000'"
    assert Message("{count!r} rows", count=3) == "3 rows"


def test_a_message_and_an_error_carrying_one_survive_pickling() -> None:
    said = Message("{text!r} is not a date ({reason})", text="x", reason=Message("not a year"))
    again = pickle.loads(pickle.dumps(DateUnreadable(said)))
    assert again.reason == said
    assert again.reason.template == said.template
    assert again.reason.values["reason"].template == "not a year"


def test_the_systems_refusal_names_the_file_and_never_shows_the_error_number() -> None:
    denied = PermissionError(errno.EACCES, "Permission denied", "/srv/irei/roll.xlsx")
    assert os_refusal(denied) == "/srv/irei/roll.xlsx: permission denied"
    full = OSError(errno.ENOSPC, "No space left on device")
    assert os_refusal(full) == "no space left on the disk"
    assert os_reason(full).template == "no space left on the disk"  # a catalog can say it
    # A reason the app has no words for keeps the system's own.
    assert os_reason(OSError(errno.EBUSY, "Device or resource busy")) == "Device or resource busy"
