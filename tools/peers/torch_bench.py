#!/usr/bin/env python3
"""PyTorch peer of medimg's training benchmark: the same network, the same batch, the same loop.

The network is not written here: it is built from medimg's own layer list (`describeArchitecture` of
@medimg/model, format medimg-architecture@1), so both frameworks train the same layers with the same
trainable parameter count. Prints one JSON object on stdout: per-step training times and per-pass
forward times in ms, and the trainable parameter count, so bench-runner can compare like with like.
Run by apps/bench-runner (suite `peer`); by hand:
  node apps/bench-runner/dist/main.cjs --describe compact-cnn --input 128x128x1 > /tmp/compact.json
  /usr/bin/python3 tools/peers/torch_bench.py --spec /tmp/compact.json --batch 32
"""
import argparse
import json
import os
import platform
import sys
import time

import torch
from torch import nn


def same_padding(size, kernel, stride):
    """TensorFlow's SAME padding along one axis: (before, after); the extra pixel goes after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class Rescale(nn.Module):
    """y = x * scale + offset: medimg's in-graph pixel scaling (Keras Rescaling), so the peer takes the same raw pixels."""

    def __init__(self, scale, offset):
        super().__init__()
        self.scale, self.offset = scale, offset

    def forward(self, x):
        return x * self.scale + self.offset


class Net(nn.Module):
    """The spec's entries in order; each reads the outputs it names (default: the entry before it)."""

    def __init__(self, steps):
        super().__init__()
        self.names = [name for name, _, _ in steps]
        self.sources = [inputs for _, _, inputs in steps]
        self.steps = nn.ModuleList([module for _, module, _ in steps])

    def forward(self, x):
        values = {"input": x}
        y = x
        for name, inputs, module in zip(self.names, self.sources, self.steps):
            y = module(*[values[i] for i in inputs])
            values[name] = y
        return y


class Add(nn.Module):
    """The spec's `add`: the elementwise sum of its two inputs (no parameters)."""

    def forward(self, a, b):
        return a + b


def build(spec):
    """A Net from a medimg-architecture@1 layer list (NHWC shapes there, NCHW here).

    Entries read the entry before them unless they name `inputs` (residual networks: `add` sums two entries).
    Checks every layer's output shape against the spec's. A final softmax is left to CrossEntropyLoss, as
    medimg's loss is cross-entropy on the softmax output. Flatten runs over C, H, W here (H, W, C in tfjs):
    the same parameters, permuted.
    """
    if spec.get("format") != "medimg-architecture@1":
        raise SystemExit(f"torch_bench: expected a medimg-architecture@1 spec, got format {spec.get('format')!r}")
    h0, w0, c0 = spec["inputShape"]
    shapes = {"input": (h0, w0, c0, None)}  # entry -> (h, w, c, features after flatten / pooling)
    steps = []
    previous = "input"
    last = len(spec["layers"]) - 1
    for i, l in enumerate(spec["layers"]):
        k = l["kind"]
        inputs = l.get("inputs") or [previous]
        for name in inputs:
            if name not in shapes:
                raise SystemExit(f"torch_bench: layer {l['name']} reads {name!r}, which no earlier layer defines")
        h, w, c, n = shapes[inputs[0]]
        modules = []
        if k == "rescale":
            modules.append(Rescale(l["scale"], l["offset"]))
        elif k == "conv2d":
            (kh, kw), (sh, sw) = l["kernelSize"], l["strides"]
            if l["padding"] == "same":
                (pt, pb), (pl, pr) = same_padding(h, kh, sh), same_padding(w, kw, sw)
            else:
                pt = pb = pl = pr = 0
            if (pt, pl) != (pb, pr):
                modules.append(nn.ZeroPad2d((pl, pr, pt, pb)))
                pad = 0
            else:
                pad = (pt, pl)
            modules.append(nn.Conv2d(c, l["filters"], (kh, kw), stride=(sh, sw), padding=pad, bias=l["useBias"]))
            c = l["filters"]
            h = (h + pt + pb - kh) // sh + 1
            w = (w + pl + pr - kw) // sw + 1
        elif k == "batchnorm":
            modules.append(nn.BatchNorm2d(c, eps=l["epsilon"], momentum=1 - l["momentum"]))
        elif k == "relu":
            modules.append(nn.ReLU())
        elif k == "leakyrelu":
            modules.append(nn.LeakyReLU(l["alpha"]))
        elif k == "add":
            if len(inputs) != 2:
                raise SystemExit(f"torch_bench: layer {l['name']}: add takes 2 inputs, got {len(inputs)}")
            if shapes[inputs[0]] != shapes[inputs[1]]:
                raise SystemExit(f"torch_bench: layer {l['name']} adds {shapes[inputs[0]]} and {shapes[inputs[1]]}")
            modules.append(Add())
        elif k in ("maxpool", "avgpool"):
            if l["padding"] != "valid":
                raise SystemExit(f"torch_bench: {l['name']}: only VALID pooling is supported")
            (ph, pw), (sh, sw) = l["poolSize"], l["strides"]
            modules.append((nn.MaxPool2d if k == "maxpool" else nn.AvgPool2d)((ph, pw), (sh, sw)))
            h, w = (h - ph) // sh + 1, (w - pw) // sw + 1
        elif k == "gap":
            modules += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
            n = c
        elif k == "flatten":
            modules.append(nn.Flatten())
            n = c * h * w
        elif k == "dense":
            modules.append(nn.Linear(n, l["units"], bias=l["useBias"]))
            n = l["units"]
        elif k == "dropout":
            modules.append(nn.Dropout(l["rate"]))
        elif k == "softmax":
            if i != last:
                modules.append(nn.Softmax(1))
        else:
            raise SystemExit(f"torch_bench: layer {l['name']} has kind {k!r}, which this peer does not build")
        shape = [h, w, c] if n is None else [n]
        if shape != l["outputShape"]:
            raise SystemExit(f"torch_bench: layer {l['name']} gives {shape}, the spec says {l['outputShape']}")
        module = modules[0] if len(modules) == 1 else nn.Sequential(*modules) if modules else nn.Identity()
        steps.append((l["name"], module, inputs))
        shapes[l["name"]] = (h, w, c, n)
        previous = l["name"]
    return Net(steps)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--spec", required=True, help="medimg-architecture@1 JSON file, or - for stdin")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--forward-steps", type=int, default=None)
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    spec = json.load(sys.stdin if a.spec == "-" else open(a.spec))
    h, w, c = spec["inputShape"]
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    model = build(spec)
    params = sum(t.numel() for t in model.parameters() if t.requires_grad)
    x = torch.rand(a.batch, c, h, w)
    y = torch.arange(a.batch) % spec["numClasses"]
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return float(loss.item())

    model.train()
    for _ in range(a.warmup):
        step()
    step_ms, losses = [], []
    for _ in range(a.steps):
        t0 = time.perf_counter()
        losses.append(step())
        step_ms.append((time.perf_counter() - t0) * 1000)
    forward_ms = []
    forward_steps = a.steps if a.forward_steps is None else a.forward_steps
    if forward_steps > 0:
        model.eval()
        with torch.no_grad():
            model(x)
            for _ in range(forward_steps):
                t0 = time.perf_counter()
                model(x).softmax(1)
                forward_ms.append((time.perf_counter() - t0) * 1000)
    json.dump({
        "framework": "pytorch",
        "version": torch.__version__,
        "python": platform.python_version(),
        "threads": torch.get_num_threads(),
        "net": spec["architecture"],
        "inputShape": [h, w, c],
        "batchSize": a.batch,
        "params": params,
        "warmupSteps": a.warmup,
        "stepMs": step_ms,
        "forwardMs": forward_ms,
        "loss": {"first": losses[0] if losses else None, "last": losses[-1] if losses else None},
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
