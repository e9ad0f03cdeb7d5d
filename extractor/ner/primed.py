"""The model's recogniser, primed with a batch of texts: the model reads them all in one pass.

The pipeline hands it the model input of every block of a batch of documents (`Extractor.prime`); each
block's recognition is then answered from that pass, batched across documents. Anything not primed goes
to the model on its own. The answers are the same either way (the model reads each text on its own); only
the batching differs.
"""

from __future__ import annotations

from collections.abc import Callable

Entities = list[tuple[int, int, str]]


class Primed:
    """A recogniser (`one`) that answers primed texts from one batched pass of `many`."""

    def __init__(self, one: Callable[[str], Entities], many: Callable[[list[str]], list[Entities]]) -> None:
        self._one, self._many = one, many
        self._ready: dict[str, list[Entities]] = {}

    def prime(self, texts: list[str]) -> None:
        """Recognise these texts now (blank ones are never sent); earlier primed answers are dropped."""
        self._ready = {}
        texts = [t for t in texts if t.strip()]
        for text, found in zip(texts, self._many(texts), strict=True):
            self._ready.setdefault(text, []).append(found)

    def __call__(self, text: str) -> Entities:
        ready = self._ready.get(text)
        if not ready:
            return self._one(text)
        found = ready.pop()
        if not ready:
            del self._ready[text]
        return found
