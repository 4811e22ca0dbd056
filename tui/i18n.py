"""The one translation layer of the terminal app: ``_()`` over gettext catalogs.

Catalogs are the ``.po`` files under ``tui/locale/<lang>/LC_MESSAGES/irei.po``, read at run time
by a small parser, because compiled ``.mo`` files are build products we do not keep in git.
Message ids are English; English is therefore complete by construction and ``en`` only needs
a catalog for wording that differs from the id.

The language is chosen, first match wins, by ``--lang``, by the saved setting, by the locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``), and falls back to English.
"""

from __future__ import annotations

import ast
import gettext
import json
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from records.messages import Message, Recorded, os_refusal, shown

if TYPE_CHECKING:
    from textual.dom import DOMNode

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "irei"


class PoTranslations(gettext.NullTranslations):
    """Translations read from a ``.po`` file; empty or fuzzy entries fall back to the id."""

    def __init__(self, catalog: dict[str, str]) -> None:
        super().__init__()
        self.catalog = catalog

    def gettext(self, message: str) -> str:
        return self.catalog.get(message) or message


def parse_po(text: str) -> dict[str, str]:
    """msgid → msgstr of a ``.po`` file, skipping the header and entries marked fuzzy."""
    catalog: dict[str, str] = {}
    for entry in _po_entries(text):
        msgid, msgstr = entry.get("msgid", ""), entry.get("msgstr", "")
        if msgid and msgstr and "fuzzy" not in entry.get("flags", ""):
            catalog[msgid] = msgstr
    return catalog


def _po_entries(text: str) -> Iterator[dict[str, str]]:
    entry: dict[str, str] = {}
    field = ""
    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry:
                yield entry
            entry, field = {}, ""
        elif line.startswith("#,"):
            entry["flags"] = entry.get("flags", "") + line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] = entry.get(field, "") + _po_string(line)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in entry:  # a new entry started without a blank line between them
                yield entry
                entry = {}
            field = keyword
            entry[field] = _po_string(rest.strip())


def _po_string(quoted: str) -> str:
    # A .po string literal uses C escapes, which a Python string literal reads the same way.
    value = ast.literal_eval(quoted)
    return value if isinstance(value, str) else ""


def load_catalog(lang: str) -> dict[str, str]:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return {}
    return parse_po(path.read_text(encoding="utf-8"))


_current: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    """Switch every later ``_()`` to ``lang`` (``ja`` or ``en``)."""
    global _current, _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _current = PoTranslations(load_catalog(lang))
    _language = lang


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """The translation of an English message in the current language."""
    return _current.gettext(message)


def plural(count: int, one: str, other: str) -> str:
    """The translation of ``one`` for a count of 1, of ``other`` for any other: English says
    "1 entry" but "2 entries" (Japanese says 1 件 and 2 件). Both are marked with N_."""
    return _(one if count == 1 else other)


def counted(count: int, one: str, other: str) -> str:
    """A count and its noun, singular for 1: "1 lot", "40,000 lots" (Japanese: 1件, 40,000件)."""
    return plural(count, one, other).format(count=f"{count:,}")


def N_(message: str) -> str:
    """Mark a message for translation where it is defined (a key binding's description, a
    column title); it is translated where it is shown."""
    return message


def said(message: object) -> str:
    """A message of the records or import layer (a ``Message``, or an error carrying one) in
    the user's language; any other text as it is."""
    if isinstance(message, OSError):
        message = os_refusal(message)  # its args are (errno, words): never show the number
    elif isinstance(message, BaseException):
        message = message.args[0] if message.args else str(message)
    if not isinstance(message, Message):
        return str(message)
    values = {name: _value_said(value) for name, value in message.values.items()}
    return _(message.template).format(**values)


def said_alone(message: object) -> str:
    """``said`` as a sentence on its own (a notification): the records layer's messages start
    in lower case, to follow a field's label or a file's row, and a sentence does not."""
    text = said(message)
    return text[:1].upper() + text[1:]


def _value_said(value: object) -> object:
    if isinstance(value, Message):
        return said(value)
    if isinstance(value, Recorded):
        from tui.labels import reason_said  # which imports this module

        return reason_said(value)
    return shown(value)


def translate_bindings(node: DOMNode) -> None:
    """Show each key's description in the current language. Descriptions are English msgids
    (marked with N_) because class-level BINDINGS are built before the language is chosen."""
    # Textual keeps a node's bindings in the private ``_bindings`` map; replacing the
    # descriptions per instance is the only way to translate what the footer shows.
    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            replace(
                b,
                description=_(b.description),
                tooltip=_(b.tooltip) if b.tooltip else "",
                group=replace(b.group, description=_(b.group.description)) if b.group else None,
            )
            for b in bindings
        ]


def locale_language(environ: dict[str, str] | None = None) -> str:
    """The language the user's locale asks for: ``ja`` for ja_JP.UTF-8 and the like."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


# Settings ---------------------------------------------------------------------------------


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir("irei")) / "settings.json"


def load_settings() -> dict[str, object]:
    try:
        value = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        # A missing or hand-broken settings file must never keep the app from opening.
        return {}
    return value if isinstance(value, dict) else {}


def save_setting(key: str, value: object) -> OSError | None:
    """Keep a setting for the next start; the error, if the settings file cannot be written
    (a setting is a convenience: the caller decides whether to say so)."""
    settings = load_settings()
    settings[key] = value
    path = settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings, ensure_ascii=False, indent=2), encoding="utf-8")
    except OSError as error:
        return error
    return None


def resolve_language(explicit: str | None = None) -> str:
    """``--lang`` first, then the saved setting, then the locale."""
    if explicit in LANGUAGES:
        return explicit
    saved = load_settings().get("language")
    if isinstance(saved, str) and saved in LANGUAGES:
        return saved
    return locale_language()


set_language(resolve_language())
