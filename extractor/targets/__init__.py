"""Targets: which numbers are aims, what each one measures, by when, and who delivers it.

`assemble` turns the analysed block (`analysis.Analysis`: values, deadlines, bodies, places, sections, and
the document's context) into `Target` records; the decisions it makes (aim or history, metric, entity
wording, deadline, agency) are small functions of their own modules here, and `finish` gives each target
its section and its offsets in the whole text.
"""
