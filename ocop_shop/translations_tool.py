"""Keeping the UI catalogues current: extract, merge, fill, compile, check.

Used by `flask --app wsgi translations update|compile`, by scripts/i18n_sync.py
and by the completeness test. A file lock serialises concurrent runs.
"""
from __future__ import annotations

import fcntl
import gettext
import io
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
LOCALES = ("vi",)


def po_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def mo_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo"


@contextmanager
def locked():
    """One catalogue writer at a time."""
    TRANSLATIONS.mkdir(exist_ok=True)
    with open(TRANSLATIONS / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", *args], check=True, cwd=ROOT)


def extract(target: Path = POT) -> None:
    """Extract every msgid of the code and templates into a template file."""
    # Babel skips folders starting with "_" by default: templates/_macros/ must be read too.
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output",
             "--ignore-dirs", ".* __pycache__", "-o", str(target), ".")


def untranslated_in_source(locale: str, scratch: Path) -> list[str]:
    """Msgids used in the source that the catalogue lacks, leaves empty or marks fuzzy."""
    extract(scratch)
    with open(scratch, "rb") as handle:
        template = read_po(handle)
    catalog = _read(locale)
    missing = []
    for message in template:
        if not message.id:
            continue
        known = catalog.get(message.id)
        strings = () if known is None else (known.string if isinstance(known.string, tuple) else (known.string,))
        if known is None or known.fuzzy or not strings or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def extract_and_update() -> None:
    """Extract msgids from code and templates and merge them into each catalogue."""
    extract()
    for locale in LOCALES:
        _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", locale,
                 "--no-fuzzy-matching", "--ignore-obsolete")


def fill(locale: str, translations: dict[str, str]) -> int:
    """Set msgstr for the given msgids that exist in the catalogue; return how many were set."""
    catalog = _read(locale)
    count = 0
    for msgid, msgstr in translations.items():
        message = catalog.get(msgid)
        if message is not None and msgstr:
            message.string = msgstr
            message.flags.discard("fuzzy")
            count += 1
    _write(locale, catalog)
    return count


def compile_all() -> None:
    for locale in LOCALES:
        mo_path(locale).write_bytes(compiled(locale))


def compiled(locale: str) -> bytes:
    """The .mo bytes the catalogue compiles to now."""
    out = io.BytesIO()
    write_mo(out, _read(locale))
    return out.getvalue()


def stale(locale: str) -> bool:
    """Whether the committed .mo says something other than the .po (ignoring the header)."""
    if not mo_path(locale).exists():
        return True
    with open(mo_path(locale), "rb") as handle:
        committed = gettext.GNUTranslations(handle)._catalog
    with io.BytesIO(compiled(locale)) as handle:
        current = gettext.GNUTranslations(handle)._catalog
    return {k: v for k, v in committed.items() if k} != {k: v for k, v in current.items() if k}


def problems(locale: str) -> list[str]:
    """Msgids that are untranslated or fuzzy in the catalogue."""
    catalog = _read(locale)
    bad = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            bad.append(message.id if isinstance(message.id, str) else message.id[0])
    return bad


def _read(locale: str):
    with open(po_path(locale), "rb") as handle:
        return read_po(handle, locale=locale)


def _write(locale: str, catalog) -> None:
    with open(po_path(locale), "wb") as handle:
        write_po(handle, catalog, sort_output=True, no_location=True, ignore_obsolete=True)
