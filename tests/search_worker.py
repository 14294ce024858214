"""A separate process that edits products and commits, for the search concurrency tests.

    python -m tests.search_worker DATABASE_URL INSTANCE_DIR WORKER ROUNDS PRODUCT_ID...

Each round renames every given product to "<old base> · w<WORKER> r<round>" and commits
(one commit per product, so commits of several workers interleave), then the worker adds
one product of its own. Prints the ids it created.
"""
from __future__ import annotations

import sys
from pathlib import Path

from config import TestConfig
from ocop_shop import create_app
from ocop_shop.catalog.models import Category, Product
from ocop_shop.extensions import db
from sqlalchemy import select


def main(argv: list[str]) -> None:
    url, instance, worker, rounds, *ids = argv
    app = create_app(TestConfig(url, Path(instance)))
    created = []
    with app.app_context():
        for r in range(int(rounds)):
            for pid in map(int, ids):
                product = db.session.get(Product, pid)
                base = product.content["vi"]["name"].split(" · ")[0]
                product.content = {**product.content, "vi": {**product.content["vi"], "name": f"{base} · w{worker} r{r}"}}
                db.session.commit()
            first = db.session.get(Product, int(ids[0]))
            new = Product(producer_id=first.producer_id, category_id=db.session.scalar(select(Category.id).limit(1)),
                          slug=f"worker-{worker}-{r}", status="published", price=10_000,
                          content={"vi": {"name": f"Sản phẩm của tiến trình {worker} lượt {r}"}})
            db.session.add(new)
            db.session.commit()
            created.append(new.id)
        db.session.remove()
        db.engine.dispose()
    print(" ".join(map(str, created)))


if __name__ == "__main__":
    main(sys.argv[1:])
