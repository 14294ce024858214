"""Two app servers on one PostgreSQL, one Redis and one S3 server, through real HTTP (issue 13).

Each instance is its own gunicorn with its own instance folder (tests/multi_server.py); a
shopper moves between them with one cookie jar, as behind a load balancer. Needs
TEST_DATABASE_URL on PostgreSQL (the schema is dropped and rebuilt, then seeded with the demo
catalog) and Redis on 127.0.0.1:6379 (database TWO_SERVERS_REDIS_DB, 4 unless set; emptied).
Skipped without them, unless REQUIRE_REDIS=1 (CI) with PostgreSQL configured.
"""
from __future__ import annotations

import io
import os
import re
import socket
import threading
import time
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import create_engine, text

from .cluster_checks import incomplete_orders, negative_stock, unaccounted_units, units_held
from .multi_server import servers
from .shop_client import Shopper, form_fields, unique_phone

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('TWO_SERVERS_REDIS_DB', '4')}"
MEDIA = re.compile(r"/media/([0-9a-f]{32})-\d+\.webp")


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not PG_URL.startswith("postgres"):
        pytest.skip("two app servers need TEST_DATABASE_URL on PostgreSQL (one database for both)")
    if not _redis_answers():
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("REQUIRE_REDIS=1 but no Redis answers on 127.0.0.1:6379")
        pytest.skip("two app servers need Redis on 127.0.0.1:6379 (shared limits, sessions' jobs)")
    logs = tmp_path_factory.mktemp("two-servers")  # each process's log stays in pytest's temporary folder
    with servers(n=2, database_url=PG_URL, redis_url=REDIS_URL, base=logs) as running:
        yield running


@pytest.fixture(scope="module")
def database(cluster):
    from config import _database_url

    engine = create_engine(_database_url(PG_URL))
    yield engine
    engine.dispose()


def _rows(engine, sql: str, **params) -> list:
    with engine.connect() as conn:
        return list(conn.execute(text(sql), params))


def _goods(engine, count: int, min_stock: int = 40) -> list[str]:
    """Slugs of published goods anyone may buy (no liquor, no stays) with stock to spare."""
    return [row.slug for row in _rows(engine, """
        SELECT slug FROM products p WHERE status = 'published' AND abv IS NULL AND stock >= :min_stock
        AND NOT EXISTS (SELECT 1 FROM experiences e WHERE e.product_id = p.id) ORDER BY id LIMIT :count""",
        min_stock=min_stock, count=count)]


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (900, 600), (180, 40, 60)).save(out, "JPEG")
    return out.getvalue()


def test_a_photo_uploaded_through_a_shows_through_b(cluster, database):
    a, b = cluster.url(0), cluster.url(1)
    producer = Shopper("10.1.0.1")
    assert producer.sign_in(a, "producer@example.com").status_code == 302
    photos_page = producer.get(f"{a}/vi/producer/products/1/photos")
    before = set(MEDIA.findall(photos_page.text))
    token = re.search(r'action="/vi/producer/products/1/photos".*?name="csrf_token"[^>]*value="([^"]+)"',
                      photos_page.text, re.S).group(1)
    sent = producer.http.post(f"{a}/vi/producer/products/1/photos",
                              data={"csrf_token": token, "alt_vi": "Chai rượu trên bàn", "alt_en": "A bottle"},
                              files={"photo": ("chai.jpg", _jpeg(), "image/jpeg")})
    assert sent.status_code == 302
    [new] = set(MEDIA.findall(producer.get(f"{b}/vi/producer/products/1/photos").text)) - before
    shown = producer.get(f"{b}/media/{new}-640.webp")  # the rendition, or the master until the worker made it
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/webp"
    cluster.drain_jobs()
    with Image.open(io.BytesIO(producer.get(f"{b}/media/{new}-640.webp").content)) as image:
        assert image.size == (640, 427)
    assert not list(cluster.base.glob("app*/**/*.webp")), "no picture is kept on an app server's disk"


@pytest.mark.parametrize("first", [0, 1])
def test_rate_limit_counts_are_shared(cluster, first):
    from ocop_shop import ratelimits

    allowed = int(ratelimits.SIGN_IN_PER_ACCOUNT.split()[0])
    guesser = Shopper(f"10.2.0.{first + 1}")
    answers = []
    for attempt in range(allowed + 1):
        base = cluster.url((first + attempt) % 2)
        answers.append(guesser.submit(f"{base}/vi/account/login",
                                      {"login": f"guess-{first}@example.com", "password": "wrong"}).status_code)
    assert answers == [200] * allowed + [429]  # the refusal comes at the same count, on either instance


def test_a_session_works_on_both_and_a_cart_filled_on_a_checks_out_on_b(cluster, database):
    a, b = cluster.url(0), cluster.url(1)
    [slug] = _goods(database, 1)
    buyer = Shopper("10.3.0.1")
    assert buyer.sign_in(a, "customer@example.com").status_code == 302
    account = buyer.get(f"{b}/vi/account/")
    assert account.status_code == 200 and "customer@example.com" in account.text
    assert buyer.add_to_cart(a, slug, 2).status_code == 302
    number = buyer.check_out(b, unique_phone(3), "customer@example.com")
    assert number
    [order] = _rows(database, """SELECT o.payment_method, u.email, l.quantity, p.slug FROM orders o
        JOIN users u ON u.id = o.user_id JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id
        WHERE o.number = :number""", number=number)
    assert tuple(order) == ("cod", "customer@example.com", 2, slug)


def _guest_order(cluster, database, base: str, email: str, seed: int) -> str:
    [slug] = _goods(database, 1)
    guest = Shopper(f"10.4.{seed}.1")
    guest.add_to_cart(base, slug)
    number = guest.check_out(base, unique_phone(seed), email)
    assert number
    return number


def _outbox(engine, email: str):
    return _rows(engine, "SELECT id, status, message_id FROM outbox_emails WHERE \"to\" = :to ORDER BY id", to=email)


def _sent_to(cluster, email: str) -> list[str]:
    return [message["Message-ID"] for message in cluster.mail.messages if message["To"] == email]


def test_an_email_queued_through_a_is_sent_once_by_the_worker(cluster, database):
    _guest_order(cluster, database, cluster.url(0), "once@example.com", 5)
    [message] = cluster.mail.wait_for(1, to="once@example.com")
    [row] = _outbox(database, "once@example.com")
    assert message["To"] == "once@example.com" and message["Message-ID"] == row.message_id
    cluster.drain_jobs()  # a later run of the job sends nothing more
    assert _sent_to(cluster, "once@example.com") == [row.message_id]
    assert [r.status for r in _outbox(database, "once@example.com")] == ["sent"]


def test_an_email_is_sent_once_when_the_worker_is_killed_in_the_middle(cluster, database):
    """The worker dies after the SMTP server read the message and before it answered (the sink
    holds its answer); more emails are queued while no worker runs. After a restart each email
    arrives once: the queued ones at once, the half-sent one when its claim is older than
    mail.SENDING_TIMEOUT (moved back here instead of waiting ten minutes), with its Message-ID."""
    from ocop_shop.mail import SENDING_TIMEOUT

    cluster.mail.hold()
    _guest_order(cluster, database, cluster.url(0), "cut@example.com", 6)
    cluster.mail.wait_held(1, to="cut@example.com")
    cluster.worker.kill()
    [cut] = cluster.mail.wait_aborted(1, to="cut@example.com")
    cluster.mail.release()
    later = [_guest_order(cluster, database, cluster.url(i % 2), f"later{i}@example.com", 7 + i) for i in range(2)]
    assert [row.status for row in _outbox(database, "cut@example.com")] == ["sending"]
    cluster.worker.start()
    cluster.drain_jobs()
    for i in range(len(later)):
        assert len(_sent_to(cluster, f"later{i}@example.com")) == 1
    assert _sent_to(cluster, "cut@example.com") == []  # claimed by the dead worker, not yet given up
    with database.begin() as conn:
        conn.execute(text("UPDATE outbox_emails SET claimed_at = claimed_at - :age WHERE \"to\" = 'cut@example.com'"),
                     {"age": SENDING_TIMEOUT + timedelta(minutes=1)})
    cluster.drain_jobs()  # what `jobs cron` enqueues every minute
    cluster.drain_jobs()
    [row] = _outbox(database, "cut@example.com")
    assert row.status == "sent" and _sent_to(cluster, "cut@example.com") == [cut["Message-ID"]] == [row.message_id]
    for i in range(len(later)):
        assert len(_sent_to(cluster, f"later{i}@example.com")) == 1


def _keep_ordering(cluster, database, base: int, placed: list, failures: list, stop: threading.Event, seed: int):
    slugs = _goods(database, 4)
    n = 0
    while not stop.is_set() and n < 60:
        n += 1
        shopper = Shopper(f"10.{5 + seed}.{n}.1", timeout=10)
        try:
            shopper.add_to_cart(cluster.url(base), slugs[n % len(slugs)])
            number = shopper.check_out(cluster.url(base), unique_phone(seed * 1000 + n), f"load{seed}-{n}@example.com")
            if number:
                placed.append((base, number))
            else:
                failures.append((base, f"{shopper.last.status_code} {shopper.last.url} {shopper.last.headers.get('location')}"))
        except Exception as error:  # noqa: BLE001 — a killed server answers with a broken connection
            failures.append((base, repr(error)))
        finally:
            shopper.close()


def test_killing_a_mid_load_loses_no_placed_order_and_b_keeps_serving(cluster, database):
    placed, failures, stop = [], [], threading.Event()
    stock_before = units_held(database)
    threads = [threading.Thread(target=_keep_ordering, args=(cluster, database, i % 2, placed, failures, stop, i))
               for i in range(4)]
    for thread in threads:
        thread.start()
    for _ in range(600):  # until two orders went through each server
        if sum(base == 0 for base, _ in placed) >= 2 and sum(base == 1 for base, _ in placed) >= 2:
            break
        time.sleep(0.1)
    cluster.kill(0)
    on_b_before = sum(base == 1 for base, _ in placed)
    for _ in range(600):  # B goes on taking orders after A died
        if sum(base == 1 for base, _ in placed) >= on_b_before + 3:
            break
        time.sleep(0.1)
    stop.set()
    for thread in threads:
        thread.join(60)
    try:
        assert sum(base == 1 for base, _ in placed) >= on_b_before + 3
        assert incomplete_orders(database, [number for _, number in placed]) == []
        assert incomplete_orders(database) == []  # also an order A placed but could not answer for
        assert unaccounted_units(database, stock_before) == {} and negative_stock(database) == []
        assert all(base == 0 for base, _ in failures), failures  # B refused nothing
        assert any(base == 0 for base, _ in failures)  # A's shoppers were still at it when it died
        assert Shopper().get(f"{cluster.url(1)}/vi/").status_code == 200
    finally:
        cluster.start(0)


def _suggested(shopper: Shopper, base: str, query: str) -> list[str]:
    return [found["name"] for found in shopper.get(f"{base}/vi/search/suggest", params={"q": query}).json()["products"]]


def test_a_product_renamed_through_a_is_found_by_search_through_b(cluster, database):
    """SEARCH_BACKEND=postgres: the index is in the shared database, so B finds the new name at once:
    the first search after the approval answered (the issue allows 2 s; no waiting, no sync run)."""
    from ocop_shop.seed.demo import DEMO_TOTP_SECRET

    a, b = cluster.url(0), cluster.url(1)
    producer = Shopper("10.9.0.1")
    producer.sign_in(a, "producer2@example.com")
    product_id = re.search(r'href="/vi/producer/products/(\d+)"', producer.get(f"{a}/vi/producer/products").text).group(1)
    edit = producer.get(f"{a}/vi/producer/products/{product_id}")
    fields = form_fields(edit.text)
    fields["name_vi"] = "Thịt lợn hun khói Lũng Pảng – gói 500 g"
    assert producer.http.post(f"{a}/vi/producer/products/{product_id}", data=fields).status_code == 302
    assert _suggested(producer, b, "lũng pảng") == []  # a change to a published product waits for the office
    office = Shopper("10.9.0.2")
    office.sign_in_office(a, "admin@example.com", DEMO_TOTP_SECRET)
    revisions = re.findall(r'href="(/vi/admin/review/changes/\d+)"', office.get(f"{a}/vi/admin/review").text)
    [(revision, page)] = [(url, page) for url in revisions if "Lũng Pảng" in (page := office.get(a + url).text)]
    approve = form_fields(page, f"{revision}/approve")
    assert office.http.post(f"{a}{revision}/approve", data=approve).status_code == 302
    assert _suggested(producer, b, "lung pang") == ["Thịt lợn hun khói Lũng Pảng – gói 500 g"]
    [slug] = _rows(database, "SELECT slug FROM products WHERE id = :id", id=int(product_id))[0]
    assert f'href="/vi/products/{slug}"' in producer.get(f"{b}/vi/search", params={"q": "Lũng Pảng"}).text
