"""The extractor as a spaCy pipeline component, for researchers who already work in spaCy.

    import spacy
    nlp = spacy.blank("xx")                # or any pipeline of theirs
    nlp.add_pipe("vnpolicy_targets")       # found through the `spacy_factories` entry point
    doc = nlp(text)
    doc._.targets                          # the targets of the output contract, as dicts
    doc._.policy                           # the whole record: issuer, documents, period, entities, targets
    doc.spans["vnpolicy_targets"]          # each target's evidence as a Span labelled with its metric

The component runs `extractor.pipeline.get_extractor().extract(doc.text)` (the model is loaded once per
process) and stores plain JSON values, so a `DocBin(store_user_data=True)` keeps them. Evidence offsets
are characters of `doc.text`; the span group holds the evidence whose edges fall on token boundaries
(expanded to the tokens that cover it otherwise).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

SPAN_KEY = "vnpolicy_targets"


def _register_extensions() -> None:
    for name in ("targets", "policy"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class PolicyTargets:
    """Sets `doc._.policy` (the record), `doc._.targets` (its targets) and the evidence span group."""

    def __init__(self, nlp: Language, name: str, span_key: str = SPAN_KEY) -> None:
        _register_extensions()
        self.name = name
        self.span_key = span_key

    def __call__(self, doc: Doc) -> Doc:
        from extractor.io.readers import safe_text
        from extractor.pipeline import get_extractor

        # A lone surrogate (U+FFFD in its place: same length, offsets hold) must not stop a user's pipeline.
        record = get_extractor().extract(safe_text(doc.text)).model_dump(mode="json")
        doc._.policy = record
        doc._.targets = record["targets"]
        spans = []
        for target in record["targets"]:
            ev = target["evidence"]
            span = doc.char_span(ev["start"], ev["end"], label=target["metric"], alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.span_key] = spans
        return doc


@Language.factory("vnpolicy_targets", default_config={"span_key": SPAN_KEY})
def make_targets_component(nlp: Language, name: str, span_key: str) -> PolicyTargets:
    """The factory behind `nlp.add_pipe("vnpolicy_targets")` (registered by entry point)."""
    return PolicyTargets(nlp, name, span_key=span_key)


def targets_of(doc: Doc) -> list[dict[str, Any]]:
    """The targets a processed Doc holds ([] when the component has not run)."""
    return list(doc._.targets or []) if Doc.has_extension("targets") else []
