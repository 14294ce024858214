"""The producers' domain error."""


class ProducerError(ValueError):
    """A refused producer change; str(error) is shown to the user."""
