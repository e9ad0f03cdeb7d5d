"""Training-data augmenter named in config.cfg (registered on import of extractor.ner)."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

import spacy
from spacy.language import Language
from spacy.training import Example

from extractor.text.normalize import fold

from .biluo import set_biluo_tags


@spacy.registry.augmenters("vnpolicy.case_fold_augmenter.v1")
def create_case_fold_augmenter(fold_level: float = 0.0, upper_level: float = 0.0) -> Callable:
    """Show some training sentences without diacritics or in capitals.

    Real inputs include text typed without tone marks and all-capital letterheads
    that the hand-written corpus has few of. Both transformations keep every
    character offset, so the gold spans carry over unchanged.
    """

    def augment(nlp: Language, example: Example) -> Iterator[Example]:
        r = random.random()
        if r < fold_level:
            text = fold(example.text)
        elif r < fold_level + upper_level:
            text = example.text.upper()
        else:
            yield example
            return
        if len(text) != len(example.text):
            yield example
            return
        ref = nlp.make_doc(text)
        ents = [ref.char_span(e.start_char, e.end_char, label=e.label_) for e in example.reference.ents]
        if any(e is None for e in ents):
            yield example
            return
        ref.ents = ents
        yield Example(nlp.make_doc(text), set_biluo_tags(ref))

    return augment
