"""The one exception the public API raises on purpose."""


class ExtractionError(ValueError):
    """Input that is not text (bytes, None, a number): the caller gets this, never a crash deep inside."""
