"""The cart: guest carts keyed by a session token, user carts, merge at sign-in."""
