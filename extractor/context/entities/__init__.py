"""The entities of a record and the bodies its targets use, from the rules' spans and the model's: `bodies`
merges the rules' bodies with the model's plausible ORG spans for the targets (`merge_orgs`), `plausibility`
judges whether a span names a body, a place, a person or a document (`plausible`), `record` settles every
recogniser's spans into the record's entities by one policy (`entities`; its docstring states the policy),
and `words` assembles the rules' words from the data files into patterns once per process."""

from extractor.context.entities.bodies import Sourced, _within_paragraphs, merge_orgs, recognised, source_of, unwrapped
from extractor.context.entities.plausibility import named_body, plausible
from extractor.context.entities.record import (
    _jurisdiction,
    _levels_after,
    _not_a_body,
    _org_start,
    _with_city_word,
    _without_title_and_term,
    doc_ref,
    entities,
)

__all__ = [
    "Sourced", "doc_ref", "entities", "merge_orgs", "named_body", "plausible", "recognised", "source_of",
    "unwrapped", "_jurisdiction", "_levels_after", "_not_a_body", "_org_start", "_with_city_word",
    "_within_paragraphs", "_without_title_and_term",
]
