"""Text as the later stages see it: normalised, cut into blocks, paragraphs, sentences and clauses.

Every function here maps offsets back to the caller's text, so each record keeps its evidence: `normalize`
(Unicode, tone placement, spacing, with an offset map), `blocks` (the one chunker: a long text's blocks,
the NER model's pieces, the tokenizer's chunks), `segment` (paragraphs, sentences, clauses), `layout`
(logical lines, headings, the section tree), `tables` (flattened tables read into rows and columns with a
role per column), `spans` (bounded regex scans and span look-ups) and `wordseg` (underthesea word
segmentation, for counted nouns).
"""
