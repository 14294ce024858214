"""The filter form's long option lists (categories, places, producers), drawn once per process.

The catalog and search panels list every category, place and producer on every request (about a
hundred options, two escapes each, a sixth of the panel's cost), and the lists change only when
the catalog does. The markup is a pure function of the options and the chosen value, so it is
kept per process in a bounded LRU keyed by both (a changed name or a new producer is a new key).
"""
from __future__ import annotations

from functools import lru_cache

from flask import Flask
from markupsafe import Markup, escape

Options = tuple[tuple[str, str, bool], ...]  # (value, label, indented as a sub-category)
INDENT = Markup("&#8195;")  # an em space before a sub-category's name


@lru_cache(maxsize=256)
def option_list(options: Options, selected: str | None = None, missing: str | None = None) -> Markup:
    """Template global: the <option>s of a filter's list with `selected` marked; `missing` is the
    label of a chosen value the list lacks (a place with nothing on sale), added chosen at the end."""
    html = [Markup('<option value="{}"{}>{}{}</option>').format(
        value, Markup(" selected") if value == selected else "", INDENT if sub else "", label)
        for value, label, sub in options]
    if selected and missing is not None and selected not in (value for value, _label, _sub in options):
        html.append(Markup('<option value="{}" selected>{}</option>').format(selected, missing))
    return Markup("").join(html)


def register(app: Flask) -> None:
    app.jinja_env.globals["option_list"] = option_list
