"""Writes a tiny CLIP-style dual encoder for the tests: image.onnx, text.onnx, tokenizer.json.

Both encoders map into one 8-dimensional space where the colour words meet the colours: the image
encoder takes the mean of each RGB channel, minus their mean (so grey is the origin), and the text
encoder averages word embeddings in which "red", "green" and "blue" point the same ways. A red
image and the query "a red photo" are then nearest neighbours, as in a real dual encoder.

    python tiny_dual_encoder.py <output directory>
"""

import json
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

DIM = 8
VOCAB = ["[UNK]", "a", "photo", "of", "red", "green", "blue", "image"]


def colour(channel):
    v = np.full(DIM, 0.0, dtype=np.float32)
    v[:3] = -1.0 / 3
    v[channel] = 2.0 / 3
    return v


def image_encoder():
    # [N, 3, 224, 224] -> channel means [N, 3] -> minus their mean -> [N, 3] x [3, 8]
    project = np.zeros((3, DIM), dtype=np.float32)
    project[0, 0] = project[1, 1] = project[2, 2] = 1.0
    nodes = [
        helper.make_node("ReduceMean", ["image"], ["means"], axes=[2, 3], keepdims=0),
        helper.make_node("ReduceMean", ["means"], ["grey"], axes=[1], keepdims=1),
        helper.make_node("Sub", ["means", "grey"], ["centred"]),
        helper.make_node("MatMul", ["centred", "project"], ["embedding"]),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny-image-encoder",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 3, 224, 224])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", DIM])],
        [numpy_helper.from_array(project, "project")],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def text_encoder():
    table = np.zeros((len(VOCAB), DIM), dtype=np.float32)
    for word, channel in (("red", 0), ("green", 1), ("blue", 2)):
        table[VOCAB.index(word)] = colour(channel)
    nodes = [
        helper.make_node("Gather", ["words", "input_ids"], ["vectors"], axis=0),
        helper.make_node("ReduceMean", ["vectors"], ["embedding"], axes=[1], keepdims=0),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny-text-encoder",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", DIM])],
        [numpy_helper.from_array(table, "words")],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def tokenizer():
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [],
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": None,
        "decoder": None,
        "model": {
            "type": "WordLevel",
            "vocab": {word: i for i, word in enumerate(VOCAB)},
            "unk_token": "[UNK]",
        },
    }


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, model in (("image.onnx", image_encoder()), ("text.onnx", text_encoder())):
        model.ir_version = 8
        onnx.checker.check_model(model)
        onnx.save(model, out / name)
    (out / "tokenizer.json").write_text(json.dumps(tokenizer()))


if __name__ == "__main__":
    main()
