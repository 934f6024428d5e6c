"""Opens a lakesync table with the stock LanceDB client, the way the lakeFS docs show.

Reads one JSON request on stdin (so credentials never appear in a process list) and prints one
JSON answer on stdout:

  {"db_uri": "s3://<repo>/<ref>/<dir>", "table": "<name>", "storage_options": {...},
   "query": [floats] (optional), "k": 10, "columns": ["id"], "filter": "sql" (optional),
   "rows": true (optional: return every row's columns),
   "text": "words" (optional: a full-text query on the text column; with "query" too, a hybrid
   query fused by LanceDB's default reranker)}

  -> {"count": N, "hits": [{"id": ..., "_distance": ...}, ...], "rows": [...]}
"""

import json
import sys

import lancedb


def main() -> None:
    request = json.load(sys.stdin)
    db = lancedb.connect(request["db_uri"], storage_options=request["storage_options"])
    table = db.open_table(request["table"])
    answer = {"count": table.count_rows(), "schema_metadata": decode(table.schema.metadata)}
    columns = request.get("columns", ["id"])
    if "query" in request and "text" not in request:
        search = (
            table.search(request["query"], vector_column_name=request.get("vector_column", "vector"))
            .distance_type("cosine")
            .limit(request.get("k", 10))
            .select(columns)
        )
        if request.get("filter"):
            search = search.where(request["filter"], prefilter=True)
        answer["hits"] = [
            {c: row[c] for c in columns + ["_distance"]} for row in search.to_list()
        ]
    if "text" in request:
        if "query" in request:
            search = (
                table.search(query_type="hybrid", vector_column_name="vector", fts_columns="text")
                .vector(request["query"])
                .text(request["text"])
            )
        else:
            search = table.search(request["text"], query_type="fts", fts_columns="text")
        rows = search.limit(request.get("k", 10)).select(columns).to_list()
        answer["text_hits"] = [{c: row[c] for c in columns} for row in rows]
    if request.get("rows"):
        answer["rows"] = table.to_arrow().select(columns).to_pylist()
    json.dump(answer, sys.stdout, default=str)


def decode(metadata):
    if not metadata:
        return {}
    return {k.decode(): v.decode() for k, v in metadata.items()}


if __name__ == "__main__":
    main()
