"""Reads what a page says about itself in its <head>: title, meta tags, canonical, JSON-LD blocks;
and checks JSON-LD against a small table of the schema.org types the shop uses (no network)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

SCHEMA = "https://schema.org"
# The schema.org types the shop emits, with the properties it promises for each (Google's
# required and recommended ones for rich results: Product needs name, image and offers; an Offer
# price, priceCurrency, availability; a BreadcrumbList positioned items with their URLs).
REQUIRED: dict[str, tuple[str, ...]] = {
    "Product": ("name", "image", "offers", "url"),
    "Offer": ("price", "priceCurrency", "availability", "url", "seller"),
    "Organization": ("name", "url"),
    "Brand": ("name",),
    "PropertyValue": ("name", "value"),
    "PostalAddress": ("addressLocality", "addressCountry"),
    "BreadcrumbList": ("itemListElement",),
    "ListItem": ("position", "name", "item"),
}
URL_PROPERTIES = ("url", "item", "availability")


@dataclass
class Head:
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)  # name or property → content
    canonical: str | None = None
    json_ld: list[dict] = field(default_factory=list)


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.head = Head()
        self._in = None  # "title" or "ld"
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title" and not self.head.title:
            self._in, self._text = "title", []
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in, self._text = "ld", []
        elif tag == "meta" and (a.get("name") or a.get("property")):
            self.head.meta[a.get("name") or a.get("property")] = a.get("content", "")
        elif tag == "link" and a.get("rel") == "canonical":
            self.head.canonical = a.get("href")

    def handle_data(self, data):
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._in == "title" and tag == "title":
            self.head.title = "".join(self._text).strip()
        elif self._in == "ld" and tag == "script":
            self.head.json_ld.append(json.loads("".join(self._text)))
        else:
            return
        self._in = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def read_head(html: str) -> Head:
    """The head facts of a page (its body's SVG titles are left out: only the first <title>)."""
    parser = _HeadParser()
    parser.feed(html.split("</head>", 1)[0])
    return parser.head


def problems(node, base_url: str, where: str = "$") -> list[str]:
    """What is wrong with a JSON-LD block: unknown types, missing properties, a price that is not a
    number, a currency other than VND, relative URLs, list positions not 1..n."""
    found: list[str] = []
    if isinstance(node, list):
        for n, item in enumerate(node):
            found += problems(item, base_url, f"{where}[{n}]")
        return found
    if not isinstance(node, dict):
        return found
    kind = node.get("@type")
    if kind not in REQUIRED:
        return [f"{where}: type {kind!r} is not one the shop uses"]
    found += [f"{where} ({kind}): no {name}" for name in REQUIRED[kind] if node.get(name) in (None, "", [])]
    found += _type_rules(kind, node, base_url, where)
    for name, value in node.items():
        if name in URL_PROPERTIES and isinstance(value, str) and not value.startswith(("http://", "https://")):
            found.append(f"{where}.{name}: {value!r} is not an absolute URL")
        if isinstance(value, (dict, list)):
            found += problems(value, base_url, f"{where}.{name}")
    return found


def _type_rules(kind: str, node: dict, base_url: str, where: str) -> list[str]:
    found = []
    if kind == "Offer":
        price = node.get("price")
        if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
            found.append(f"{where}.price: {price!r} is not a number")
        if node.get("priceCurrency") != "VND":
            found.append(f"{where}.priceCurrency: {node.get('priceCurrency')!r}, not 'VND'")
        if not str(node.get("availability", "")).startswith(f"{SCHEMA}/"):
            found.append(f"{where}.availability: {node.get('availability')!r} is not a schema.org URL")
    if kind == "BreadcrumbList":
        positions = [item.get("position") for item in node.get("itemListElement") or []]
        if positions != list(range(1, len(positions) + 1)):
            found.append(f"{where}.itemListElement: positions {positions}, not 1..n")
    if kind in ("Product", "Organization") and not str(node.get("url", "")).startswith(base_url):
        found.append(f"{where}.url: {node.get('url')!r} is not on {base_url}")
    return found
