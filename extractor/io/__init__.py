"""Getting documents in and records out: which files the inputs name (`listing`), readers of txt, md, html,
docx, pdf, jsonl, csv and standard input with their size limits (`readers`) and legacy Vietnamese encodings
(`encodings`), the checks that keep outputs from destroying data (`outputs`), writers of JSONL, CSV and
Parquet (`writers`), the flat table of one row per target (`table`), and the generated JSON Schema
(`schema`). Nothing here extracts anything: it is the boundary with the researcher's files.
"""
