"""What a document states once and every target shares: issuer, jurisdiction, period, body in charge.

These stages read the document's head, its signature block and its Tổ chức thực hiện section (through the
layout stage); `document` gathers what they find into the one `Context` every block shares. `entities`
holds the one merge policy of rule and model spans, each keeping the name of the recogniser that found it.
"""
