"""The obvious Python pipeline that lakesync's first sync and update are compared with.

What a developer writes in ten minutes to put a lakeFS repository's documents into LanceDB:
list the objects through lakeFS's S3 gateway, read them one by one, strip the HTML, cut the
text into 1,000-character chunks, embed them with ONNX Runtime in batches of 32 (the same ONNX
file and tokenizer lakesync bundles; sentence-transformers' settings: 256-token truncation,
padding to the longest text of the batch, mean pooling, L2 norm), overwrite a LanceDB table
through the same S3 gateway on the same branch, and commit it in lakeFS. An update runs the
same script again: it rebuilds everything.

Prints one JSON object: seconds per phase (measured inside the script; the interpreter's own
start is the caller's wall time minus "total"), objects, chunks.
"""

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import base64  # noqa: E402
import html.parser  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import urllib.request  # noqa: E402

import boto3  # noqa: E402
import lancedb  # noqa: E402
import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402
import pyarrow as pa  # noqa: E402
from botocore.config import Config  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402

CHUNK_CHARS = 1000
BATCH = 32
MAX_TOKENS = 256


class VisibleText(html.parser.HTMLParser):
    """The text a browser shows: everything outside script and style, whitespace collapsed."""

    def __init__(self):
        super().__init__()
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)

    def text(self):
        return " ".join(" ".join(self.parts).split())


def visible_text(raw):
    parser = VisibleText()
    parser.feed(raw.decode("utf-8", errors="replace"))
    return parser.text()


def embed(session, tokenizer, texts, tokens):
    """Vectors of texts; counts into tokens the real tokens and the padded batch positions."""
    vectors = []
    names = {i.name for i in session.get_inputs()}
    for start in range(0, len(texts), BATCH):
        encodings = tokenizer.encode_batch(texts[start : start + BATCH])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        tokens["real"] += int(mask.sum())
        tokens["padded"] += int(mask.size)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in names:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = session.run(None, feed)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
        vectors.append(pooled.astype(np.float32))
    return np.concatenate(vectors) if vectors else np.zeros((0, 384), dtype=np.float32)


def commit(args, message):
    url = f"{args.endpoint}/api/v1/repositories/{args.repo}/branches/{args.branch}/commits"
    auth = base64.b64encode(f"{args.access_key}:{args.secret_key}".encode()).decode()
    request = urllib.request.Request(
        url,
        data=json.dumps({"message": message}).encode(),
        headers={"Content-Type": "application/json", "Authorization": "Basic " + auth},
        method="POST",
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)["id"]


def main():
    parser = argparse.ArgumentParser()
    for name in ("endpoint", "access-key", "secret-key", "repo", "branch", "prefix", "model",
                 "tokenizer", "table"):
        parser.add_argument("--" + name, required=True)
    args = parser.parse_args()
    phases = {"import": time.perf_counter() - T0}

    mark = time.perf_counter()
    tokenizer = Tokenizer.from_file(args.tokenizer)
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding()  # to the longest text of each batch
    session = ort.InferenceSession(args.model, providers=["CPUExecutionProvider"])
    s3 = boto3.client(
        "s3",
        endpoint_url=args.endpoint,
        aws_access_key_id=args.access_key,
        aws_secret_access_key=args.secret_key,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}),
    )
    phases["model and clients"] = time.perf_counter() - mark

    mark = time.perf_counter()
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(
        Bucket=args.repo, Prefix=f"{args.branch}/{args.prefix}"
    ):
        keys += [o["Key"] for o in page.get("Contents", []) if o["Key"].endswith(".html")]
    documents = {key: s3.get_object(Bucket=args.repo, Key=key)["Body"].read() for key in keys}
    phases["list and read"] = time.perf_counter() - mark

    mark = time.perf_counter()
    paths, indexes, texts = [], [], []
    for key, raw in documents.items():
        text = visible_text(raw)
        for n, start in enumerate(range(0, len(text), CHUNK_CHARS)):
            paths.append(key.split("/", 1)[1])
            indexes.append(n)
            texts.append(text[start : start + CHUNK_CHARS])
    phases["extract and chunk"] = time.perf_counter() - mark

    mark = time.perf_counter()
    tokens = {"real": 0, "padded": 0}
    vectors = embed(session, tokenizer, texts, tokens)
    phases["embed"] = time.perf_counter() - mark

    mark = time.perf_counter()
    table = pa.table(
        {
            "path": paths,
            "chunk": pa.array(indexes, pa.int32()),
            "text": texts,
            "vector": pa.FixedSizeListArray.from_arrays(
                pa.array(vectors.reshape(-1), pa.float32()), vectors.shape[1]
            ),
        }
    )
    db = lancedb.connect(
        f"s3://{args.repo}/{args.branch}/{args.table.rsplit('/', 1)[0]}",
        storage_options={
            "aws_access_key_id": args.access_key,
            "aws_secret_access_key": args.secret_key,
            "aws_endpoint": args.endpoint,
            "aws_region": "us-east-1",
            "allow_http": "true",
        },
    )
    db.create_table(args.table.rsplit("/", 1)[1], data=table, mode="overwrite")
    phases["write"] = time.perf_counter() - mark

    mark = time.perf_counter()
    commit(args, "python pipeline: LanceDB table")
    phases["commit"] = time.perf_counter() - mark

    phases["total"] = time.perf_counter() - T0
    json.dump(
        {"phases_s": phases, "objects": len(documents), "chunks": len(texts), "tokens": tokens}, sys.stdout
    )
    print()


if __name__ == "__main__":
    main()
