"""Every allowed and every forbidden transition of the payment, order and parcel machines; order numbers."""
import itertools

import pytest

from ocop_shop.orders import numbers, states

ALLOWED = {
    "payment": {
        ("unpaid", "pending"), ("unpaid", "paid"), ("unpaid", "expired"),
        ("pending", "paid"), ("pending", "expired"),
        ("paid", "partially_refunded"), ("paid", "refunded"),
        ("partially_refunded", "refunded"),
        ("expired", "paid"),
    },
    "order": {
        ("placed", "in_progress"), ("placed", "cancelled"),
        ("in_progress", "shipped"), ("in_progress", "cancelled"),
        ("shipped", "delivered"), ("delivered", "closed"),
        ("cancelled", "placed"),
    },
    "fulfilment": {
        ("pending", "accepted"), ("pending", "cancelled"),
        ("accepted", "shipped"), ("accepted", "cancelled"),
        ("shipped", "delivered"),
        ("cancelled", "pending"),
    },
}
EXPECTED_STATES = {
    "payment": {"unpaid", "pending", "paid", "partially_refunded", "refunded", "expired"},
    "order": {"placed", "in_progress", "shipped", "delivered", "closed", "cancelled"},
    "fulfilment": {"pending", "accepted", "shipped", "delivered", "cancelled"},
}
ALL_PAIRS = [(machine, a, b) for machine, names in EXPECTED_STATES.items()
             for a, b in itertools.product(sorted(names), repeat=2)]


def test_each_machine_has_exactly_the_expected_states():
    for machine, table in states.MACHINES.items():
        assert set(table) == EXPECTED_STATES[machine]
        assert all(targets <= EXPECTED_STATES[machine] for targets in table.values())


@pytest.mark.parametrize("machine, current, new", ALL_PAIRS)
def test_transition_is_allowed_exactly_when_listed(machine, current, new):
    expected = (current, new) in ALLOWED[machine]
    assert states.allowed(machine, current, new) is expected
    if expected:
        assert states.check(machine, current, new) == new
    else:
        with pytest.raises(states.TransitionError):
            states.check(machine, current, new)


def test_unknown_states_are_refused():
    assert not states.allowed("order", "lost", "placed")
    assert not states.allowed("payment", "unpaid", "stolen")


def test_order_numbers_have_a_check_character():
    seen = set()
    for _ in range(500):
        number = numbers.new_number()
        assert len(number) == 9 and number.isalnum() and number.upper() == number
        assert numbers.is_valid(number)
        seen.add(number)
    assert len(seen) == 500


@pytest.mark.parametrize("body", ["K7M2QX9P", "22222222", "ZZZZZZZZ", "AB3CD4EF"])
def test_any_single_mistyped_character_is_detected(body):
    number = body + numbers.check_character(body)
    assert numbers.is_valid(number)
    for i, char in enumerate(number):
        for other in numbers.ALPHABET:
            if other != char:
                assert not numbers.is_valid(number[:i] + other + number[i + 1:])


@pytest.mark.parametrize("bad", ["", "ABC", "ABCDEFGHIJK", "abcd-1234", "ÀBCDEFGH"])
def test_malformed_numbers_are_invalid(bad):
    assert not numbers.is_valid(bad)
