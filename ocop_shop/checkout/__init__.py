"""The checkout flow (address, shipping, review, pay); no models of its own."""
