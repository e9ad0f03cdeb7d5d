"""Targets: which numbers are aims, what each one measures, by when, and who delivers it.

`assemble` turns the analysed block (values, deadlines, bodies, places, sections) into `Target` records;
the decisions it makes (aim or history, metric, entity wording, deadline, agency) are small functions of
their own modules here.
"""
