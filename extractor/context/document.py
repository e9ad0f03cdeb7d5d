"""What a document states once and every block of it shares, read from its first block (the head).

The issuer, the jurisdiction, the programme period, the document's own date, its headline's deadline, the
latest full date it writes, the body it puts in charge and the departments its Tổ chức thực hiện section
assigns to sectors. Only the body in charge is looked for beyond the head, by the rules alone, when the
head has neither a Tổ chức thực hiện section nor a delegation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extractor.context.assignments import implementation_items, lead_body, sector_bodies
from extractor.context.in_charge import in_charge_anywhere
from extractor.context.issuer import find_issuer
from extractor.context.jurisdiction import doc_location
from extractor.context.names import restore_diacritics
from extractor.context.period import doc_year, latest_date_year, programme_period, title_year
from extractor.models import Period
from extractor.text import layout

if TYPE_CHECKING:  # the analysed block: the context stage reads the head, the target stage every block
    from extractor.targets.analysis import Analysis


@dataclass
class Context:
    """What a document states once and every block of it shares."""

    issuer: str | None = None
    location: str | None = None
    period: Period | None = None
    doc_year: int | None = None
    title_year: int | None = None
    in_charge: str | None = None
    latest_date_year: int | None = None
    sectors: dict[str, str] = field(default_factory=dict)  # sector words → the body Tổ chức thực hiện names


def document_context(head: Analysis, text: str, spans: list[tuple[int, int]]) -> Context:
    """The context of `text`, whose blocks are `spans`, from its analysed first block `head`. In a text
    without diacritics the issuer and the body in charge are spelt as the known names are."""
    issuer = find_issuer(head.flat, head.match_text, head.orgs, head.refs, head.norm.norm)
    norm = head.norm.norm
    ctx = Context(
        issuer=issuer,
        location=doc_location(issuer, norm, head.match_text, head.all_places, head.paras),
        period=programme_period(head.periods, norm),
        doc_year=doc_year(head.match_text, head.folded),
        title_year=title_year(head.paras, head.deadlines),
        latest_date_year=latest_date_year(head.match_text),
    )
    ranges = layout.implementation_ranges(norm, head.paras, head.paragraph_sections)
    ctx.in_charge = lead_body(head.flat, head.match_text, head.folded, head.paras, ranges, head.orgs, ctx.issuer)
    ctx.sectors = sector_bodies(head.flat, implementation_items(head.flat, head.match_text, head.folded, head.paras,
                                                                ranges, head.orgs))
    if ctx.in_charge is None and not ranges:
        ctx.in_charge = in_charge_anywhere(head.flat, head.match_text, head.orgs, ctx.issuer,
                                           (text[bs:be] for bs, be in spans[1:]))
    if head.folded:  # a text without diacritics: known names in the spelling records join on
        ctx.issuer, ctx.in_charge = restore_diacritics(ctx.issuer), restore_diacritics(ctx.in_charge)
    return ctx
