"""A shopper over real HTTP (httpx), for tests and benchmarks against running servers.

The forms are read as a browser reads them (the CSRF token and the review page's hidden fields);
one cookie jar serves every instance on the same host, as behind a load balancer. `address` is
sent as X-Forwarded-For (the servers trust one proxy), so each shopper counts as its own client.
The parsing helpers are plain functions, so the async load script (bench/load.py) shares them.
"""
from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import httpx

ORDER_PAGE = re.compile(r"/(?:vi|en)/orders/([A-Z0-9-]+)\?t=")
CAO_BANG, WARD = 4, 1279  # Phường Nùng Trí Cao, a ward the seeded shipping zones cover
ADDRESS = {"contact_name": "Nguyễn Thị Lan", "province": str(CAO_BANG), "ward": str(WARD),
           "street": "Số 8 phố Kim Đồng", "note": "", "payment_method": "cod", "action": "continue"}
PASSWORD = "ocop-demo-pass"  # every demo account's (README, "Demo accounts")
_numbers = itertools.count(1)


class _FormReader(HTMLParser):
    """The fields of one form (the first whose action is `action`), with the values a browser would send."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.done, self.fields = action, False, False, {}
        self._text_of: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done:
            self.inside = (attrs.get("action") or "") == self.action
        elif self.inside:
            self._field(tag, attrs)

    def _field(self, tag, attrs):
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "checkbox", "radio"):
            self.fields[name] = attrs.get("value") or ""
        elif tag == "input" and name and attrs.get("type") in ("checkbox", "radio") and "checked" in attrs:
            self.fields[name] = attrs.get("value") or "y"
        elif tag == "textarea" and name:
            self._text_of, self.fields[name] = name, ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and ("selected" in attrs or self._select not in self.fields):
            self.fields[self._select] = attrs.get("value") or ""

    def handle_data(self, data):
        if self._text_of:
            self.fields[self._text_of] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._text_of:  # a browser drops the newline right after <textarea>
            value = self.fields[self._text_of]
            self.fields[self._text_of] = value[2:] if value.startswith("\r\n") else value.removeprefix("\n")
            self._text_of = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(html: str, action: str = "") -> dict:
    """What the page's form posting to `action` ("" for its own URL) would submit, as it stands."""
    reader = _FormReader(action)
    reader.feed(html)
    return reader.fields


class PageError(AssertionError):
    """A page lacks the form field a shopper needs (its title says which page it was)."""


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
    if not found:
        title = re.search(r"<title>([^<]*)</title>", html)
        raise PageError(f"no {name} field on the page {title.group(1).strip() if title else html[:80]!r}")
    return found.group(1)


def csrf(html: str) -> str:
    return hidden(html, "csrf_token")


def unique_phone(seed: int = 0) -> str:
    """A Vietnamese mobile number not used before by this process (one COD buyer each)."""
    return f"091{(seed * 100_000 + next(_numbers)) % 10_000_000:07d}"


def add_form(product_html: str, quantity: int) -> dict:
    """The product page's add-to-cart form with a quantity."""
    return {"csrf_token": csrf(product_html), "product_id": hidden(product_html, "product_id"),
            "quantity": str(quantity)}


def checkout_details(html: str, phone: str, email: str) -> dict:
    return {"csrf_token": csrf(html), **ADDRESS, "phone": phone, "email": email}


def place_form(review_html: str) -> dict:
    """What the review page's "place the order" form submits."""
    return {"csrf_token": csrf(review_html), "checkout_token": hidden(review_html, "checkout_token"),
            "prices_seen": hidden(review_html, "prices_seen")}


def placed_number(response: httpx.Response) -> str | None:
    """The order number a successful place answer redirects to, else None."""
    found = ORDER_PAGE.search(response.headers.get("location", "")) if response.status_code == 302 else None
    return found.group(1) if found else None


class Shopper:
    """One visitor's session; every method takes the instance's base URL, so a visit can move."""

    def __init__(self, address: str = "10.0.0.1", timeout: float = 30) -> None:
        self.http = httpx.Client(headers={"X-Forwarded-For": address}, timeout=timeout)
        self.last: httpx.Response | None = None  # the last answer of check_out, to tell why it failed

    def close(self) -> None:
        self.http.close()

    def get(self, url: str, **kwargs) -> httpx.Response:
        return self.http.get(url, **kwargs)

    def submit(self, page_url: str, data: dict, post_url: str | None = None, **kwargs) -> httpx.Response:
        """Open a page, take its CSRF token and post its form, as a browser does."""
        page = self.http.get(page_url)
        page.raise_for_status()
        return self.http.post(post_url or page_url, data={"csrf_token": csrf(page.text), **data}, **kwargs)

    def sign_in(self, base: str, email: str, password: str = PASSWORD) -> httpx.Response:
        return self.submit(f"{base}/vi/account/login", {"login": email, "password": password})

    def sign_in_office(self, base: str, email: str, totp_secret: str) -> None:
        """An office account: the password, then the two-step code of its TOTP key."""
        import pyotp

        step = self.sign_in(base, email)
        code_page = self.http.get(base + step.headers["location"])
        fields = {**form_fields(code_page.text), "code": pyotp.TOTP(totp_secret).now()}
        answer = self.http.post(code_page.url, data=fields)
        if answer.status_code != 302:
            raise AssertionError(f"two-step sign-in refused: HTTP {answer.status_code}")

    def add_to_cart(self, base: str, slug: str, quantity: int = 1) -> httpx.Response:
        """Open the product's page and use its add-to-cart form."""
        self.last = page = self.http.get(f"{base}/vi/products/{slug}")
        page.raise_for_status()
        return self.http.post(f"{base}/vi/cart/add", data=add_form(page.text, quantity))

    def check_out(self, base: str, phone: str, email: str) -> str | None:
        """Cash on delivery from the cart as it is; the order number, or None if it was not placed."""
        self.last = page = self.http.get(f"{base}/vi/checkout")
        if page.status_code != 200:
            return None
        self.last = details = self.http.post(f"{base}/vi/checkout", data=checkout_details(page.text, phone, email))
        if not details.headers.get("location", "").endswith("/checkout/review"):
            return None
        self.last = review = self.http.get(f"{base}/vi/checkout/review")
        if review.status_code != 200:
            return None
        self.last = placed = self.http.post(f"{base}/vi/checkout/place", data=place_form(review.text))
        return placed_number(placed)
