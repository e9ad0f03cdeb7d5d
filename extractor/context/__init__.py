"""What a document states once and every target shares: issuer, jurisdiction, period, body in charge.

These stages read the document's head, its signature block and its Tổ chức thực hiện section (through the
layout stage), and `entities` holds the one merge policy of rule and model spans, each keeping the name of
the recogniser that found it.
"""
