"""Orders: placing, order lines, parcels (fulfilments), state machines, shipping rules."""
