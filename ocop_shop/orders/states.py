"""The order's two state machines and the parcel's, each a transition table.

Payment: unpaid → pending → paid → partially refunded | refunded; or expired.
Order: placed → in progress → shipped → delivered → closed; or cancelled.
Parcel (fulfilment): pending → accepted → shipped → delivered | cancelled.
"""
from __future__ import annotations

from typing import Mapping

PAYMENT: Mapping[str, frozenset[str]] = {
    # Cash on delivery stays unpaid until the parcels' cash is recorded: unpaid → paid.
    "unpaid": frozenset({"pending", "paid", "expired"}),
    "pending": frozenset({"paid", "expired"}),
    "paid": frozenset({"partially_refunded", "refunded"}),
    "partially_refunded": frozenset({"refunded"}),
    "refunded": frozenset(),
    # A payment that arrives after the deadline is still money received.
    "expired": frozenset({"paid"}),
}

ORDER: Mapping[str, frozenset[str]] = {
    "placed": frozenset({"in_progress", "cancelled"}),
    "in_progress": frozenset({"shipped", "cancelled"}),
    "shipped": frozenset({"delivered"}),
    "delivered": frozenset({"closed"}),
    "closed": frozenset(),
    # Reinstated when a late payment arrives and the stock is still there.
    "cancelled": frozenset({"placed"}),
}

FULFILMENT: Mapping[str, frozenset[str]] = {
    "pending": frozenset({"accepted", "cancelled"}),
    "accepted": frozenset({"shipped", "cancelled"}),
    "shipped": frozenset({"delivered"}),
    "delivered": frozenset(),
    "cancelled": frozenset({"pending"}),
}

PAYMENT_STATES = tuple(PAYMENT)
ORDER_STATES = tuple(ORDER)
FULFILMENT_STATES = tuple(FULFILMENT)
MACHINES = {"payment": PAYMENT, "order": ORDER, "fulfilment": FULFILMENT}


class TransitionError(ValueError):
    """A state change the machine does not allow."""

    def __init__(self, machine: str, current: str, new: str) -> None:
        super().__init__(f"{machine}: {current} → {new} is not allowed")
        self.machine, self.current, self.new = machine, current, new


def allowed(machine: str, current: str, new: str) -> bool:
    """Whether the named machine may go from current to new."""
    table = MACHINES[machine]
    return current in table and new in table[current]


def check(machine: str, current: str, new: str) -> str:
    """Return new if the transition is allowed, else raise TransitionError."""
    if not allowed(machine, current, new):
        raise TransitionError(machine, current, new)
    return new
