#!/usr/bin/env python3
"""PyTorch peer of medimg's training benchmark: the same networks, the same batch, the same loop.

Prints one JSON object on stdout: per-step training times and per-pass forward times in ms, so
bench-runner can compute the same statistics for both frameworks. Run by apps/bench-runner (suite
`peer`); by hand:  /usr/bin/python3 tools/peers/torch_bench.py --net refkit-cnn --input 128x128x1 --batch 16
"""
import argparse
import json
import os
import platform
import sys
import time

import torch
from torch import nn


def refkit_cnn(channels, size, classes):
    """The reference kit's network: 6 x [conv3x3 SAME, LReLU(0.2)] x2 + maxpool, dense 3600/2400/1600/800/64, no biases."""
    layers, c = [], channels
    for f in (16, 32, 64, 128, 256, 512):
        for _ in range(2):
            layers += [nn.Conv2d(c, f, 3, padding=1, bias=False), nn.LeakyReLU(0.2)]
            c = f
        layers.append(nn.MaxPool2d(2, 2))
        size //= 2
    layers.append(nn.Flatten())
    n = c * size * size
    for units in (3600, 2400, 1600, 800, 64):
        layers += [nn.Linear(n, units, bias=False), nn.LeakyReLU(0.2)]
        n = units
    layers.append(nn.Linear(n, classes, bias=False))
    return nn.Sequential(*layers)


def compact_cnn(channels, size, classes, widths=(16, 32, 64, 96, 128), dropout=0.3):
    """medimg's compact default: 3x3 stride-2 stem, 4 x ([conv3x3-BN-ReLU] x2 + maxpool), GAP, dropout, dense."""
    def unit(cin, cout, stride):
        return [nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False), nn.BatchNorm2d(cout, momentum=0.1), nn.ReLU()]
    stem, *blocks = widths
    layers, c = unit(channels, stem, 2), stem
    for f in blocks:
        layers += unit(c, f, 1) + unit(f, f, 1) + [nn.MaxPool2d(2, 2)]
        c = f
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(dropout), nn.Linear(c, classes)]
    return nn.Sequential(*layers)


NETS = {"refkit-cnn": refkit_cnn, "compact-cnn": compact_cnn}


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--net", choices=sorted(NETS), required=True)
    p.add_argument("--input", default="128x128x1", help="HxWxC")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--forward-steps", type=int, default=None)
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    h, w, c = (int(x) for x in a.input.lower().split("x"))
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    model = NETS[a.net](c, h, 2)
    params = sum(t.numel() for t in model.parameters())
    x = torch.rand(a.batch, c, h, w)
    y = torch.arange(a.batch) % 2
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
        "net": a.net,
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
