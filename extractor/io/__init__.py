"""Getting documents in and records out: readers of txt, md, html, docx, pdf, jsonl and csv inputs,
writers of JSONL, CSV and Parquet, the flat table of one row per target, and the generated JSON Schema.
Nothing here extracts anything: it is the boundary with the researcher's files.
"""
