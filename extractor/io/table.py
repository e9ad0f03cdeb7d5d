"""Records to one flat table: one row per target, the document's fields beside it.

Researchers analyse targets in pandas, R or a spreadsheet, where nested JSON
is a nuisance. The rules that make the table safe to analyse:

- every document appears: one without targets gives one row with empty target
  columns, an error record gives one row with `error_type`/`error_message`,
  so counting documents on the table never silently loses any;
- fixed columns with fixed dtypes (nullable `string`, `Int64`, `float64`,
  `boolean`), whatever the records hold, so CSV and Parquet written from it
  read back equal (`writers.read_table`), and empty text is a missing value
  (CSV cannot tell "" from missing, so the table does not either);
- the entity list is left out (it is per document, not per target); the JSONL
  record keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    import pandas as pd

# Column name -> pandas dtype. The order is the table's column order.
COLUMNS: dict[str, str] = {
    "doc_id": "string",
    "issuer": "string",
    "period_start": "Int64",
    "period_end": "Int64",
    "documents": "string",
    "entity": "string",
    "metric": "string",
    "value_low": "float64",
    "value_high": "float64",
    "unit": "string",
    "qualifier": "string",
    "value_text": "string",
    "deadline_year": "Int64",
    "recurring": "string",
    "agency": "string",
    "location": "string",
    "location_current": "string",
    "direction": "string",
    "evidence_text": "string",
    "evidence_start": "Int64",
    "evidence_end": "Int64",
    "error_type": "string",
    "error_message": "string",
}

DOCUMENTS_SEPARATOR = "; "


def _as_dict(doc: Any) -> Mapping[str, Any]:
    if isinstance(doc, BaseModel):
        return doc.model_dump(mode="json")
    if isinstance(doc, Mapping):
        return doc
    raise TypeError(f"expected a Document, an ErrorRecord or a dict, not {type(doc).__name__}")


def _get(d: Mapping[str, Any] | None, *keys: str) -> Any:
    cur: Any = d
    for k in keys:
        if not isinstance(cur, Mapping):
            return None
        cur = cur.get(k)
    return cur


def _documents(refs: Any) -> str | None:
    """Cited documents as their numbers (the text when a reference has no number), joined."""
    if not refs:
        return None
    parts = []
    for ref in refs:
        if isinstance(ref, Mapping):
            label = ref.get("number") or ref.get("text")
            if label:
                parts.append(str(label))
    return DOCUMENTS_SEPARATOR.join(parts) or None


def doc_rows(doc: Any) -> list[dict[str, Any]]:
    """The table rows of one record (a Document, an ErrorRecord or their dicts): at least one."""
    d = _as_dict(doc)
    base: dict[str, Any] = dict.fromkeys(COLUMNS)
    base["doc_id"] = d.get("doc_id")
    error = d.get("error")
    if error is not None:
        base["error_type"] = _get(error, "type") if isinstance(error, Mapping) else "Error"
        base["error_message"] = _get(error, "message") if isinstance(error, Mapping) else str(error)
        return [base]
    base["issuer"] = d.get("issuer")
    base["period_start"] = _get(d, "period", "start")
    base["period_end"] = _get(d, "period", "end")
    base["documents"] = _documents(d.get("documents"))
    targets = d.get("targets") or []
    if not targets:
        return [base]
    rows = []
    for t in targets:
        row = dict(base)
        row.update({
            "entity": t.get("entity"),
            "metric": t.get("metric"),
            "value_low": _get(t, "value", "low"),
            "value_high": _get(t, "value", "high"),
            "unit": _get(t, "value", "unit"),
            "qualifier": _get(t, "value", "qualifier"),
            "value_text": _get(t, "value", "text"),
            "deadline_year": _get(t, "deadline", "year"),
            "recurring": _get(t, "deadline", "recurring"),
            "agency": t.get("agency"),
            "location": t.get("location"),
            "location_current": t.get("location_current"),
            "direction": t.get("direction"),
            "evidence_text": _get(t, "evidence", "text"),
            "evidence_start": _get(t, "evidence", "start"),
            "evidence_end": _get(t, "evidence", "end"),
        })
        rows.append(row)
    return rows


def empty_frame() -> pd.DataFrame:
    """A table with the columns and dtypes and no rows (the schema writers use)."""
    import pandas as pd

    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in COLUMNS.items()})


def coerce(df: pd.DataFrame) -> pd.DataFrame:
    """Give a table the fixed columns and dtypes, with empty text as missing (see the module notes)."""
    import pandas as pd

    out = pd.DataFrame(index=df.index)
    for name, dtype in COLUMNS.items():
        col = df[name] if name in df.columns else pd.Series([None] * len(df), index=df.index, dtype="object")
        if dtype == "string":
            col = col.astype("string")
            col = col.mask(col == "", pd.NA)
        elif dtype == "Int64":
            col = pd.to_numeric(col, errors="coerce").astype("Int64")
        else:
            col = pd.to_numeric(col, errors="coerce").astype(dtype)
        out[name] = col
    return out.reset_index(drop=True)


def to_dataframe(docs: Any) -> pd.DataFrame:
    """One row per target, flat columns (`COLUMNS`); accepts Documents, ErrorRecords or their dicts.

    A single record may be passed as well as an iterable of them.
    """
    import pandas as pd

    if isinstance(docs, (BaseModel, Mapping)):
        docs = [docs]
    if not isinstance(docs, Iterable):
        raise TypeError(f"expected records, not {type(docs).__name__}")
    rows: list[dict[str, Any]] = []
    for doc in docs:
        rows.extend(doc_rows(doc))
    if not rows:
        return empty_frame()
    return coerce(pd.DataFrame.from_records(rows, columns=list(COLUMNS)))
