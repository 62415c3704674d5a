#!/usr/bin/env python3
"""Fits the plan writer's dense-vs-sparse cost model (core/ops/sparse_cost.cpp)
to the layer cycles record_layers.cpp measured (layers.csv), and checks it.

Each kernel path's cycles are a linear function of a few counts of the work it
does (the features below, one per loop level of the kernel). Core cycles are
fitted on nrf52840 (flash without wait states: no stalls); flash stall cycles
on stm32l4r5 (5 wait states behind the ART cache) as a function of the weight
bytes each pass streams; the model scales the stalls by wait_states / 5.
Least squares on relative error (each row weighted by 1 / its cycles), so
small layers count as much as big ones.

  python3 benchmarks/sparse_cost/fit.py [layers.csv]   # prints constants and checks
  python3 benchmarks/sparse_cost/fit.py --holdout      # also leave-one-model-out
"""
import csv, math, sys

MARGIN = 0.97  # a layer is faster sparse when predicted below 97 % of dense (core/ops/sparse_cost.cpp)
SPEND_FRACTION = 0.01  # slower byte-saving layers may cost 1 % of the fastest plan


def path(r):
    if r['kind'] == 'fc':
        return 'fc'
    return 'pointwise' if int(r['direct']) and int(r['k']) % 4 == 0 else 'conv'


def core_features(r, storage):
    B, P, N, K = int(r['batches']), int(r['pixels']), int(r['cout']), int(r['k'])
    d, nz, words = int(r['direct']), int(r['nonzeros']), (int(r['k']) + 31) // 32
    p = path(r)
    if p == 'fc':
        if storage == 'sparse':
            return [1, B * N * words, B * nz, B * N]
        return [1, B * N * K, B * N, B * K]
    if storage == 'sparse':  # groups of 4 pixels: gather, per row: bitmap words, non-zeros
        G = B * math.ceil(P / 4)
        return [1, G * K * (1 - d), G * N, G * N * words, G * nz]
    if p == 'pointwise':
        return [1, B * P * N * K, B * P * N, B * P * K]
    Q = B * math.ceil(P / 2)  # pairs of pixels: gather + expand, 2x2 micro-kernel
    return [1, Q * K, Q * N * K, Q * N]


def stall_features(r, storage):
    B, P, N, K = int(r['batches']), int(r['pixels']), int(r['cout']), int(r['k'])
    nz, words = int(r['nonzeros']), (int(r['k']) + 31) // 32
    fc = path(r) == 'fc'
    if storage == 'sparse':
        passes = B if fc else B * math.ceil(P / 4)
        return [1, passes * (nz + 4 * N * words), passes]
    passes = B if fc else B * math.ceil(P / 2)
    return [1, passes * N * K, passes]


def solve(X, y):
    Xw = [[v / t for v in x] for x, t in zip(X, y)]
    n = len(X[0])
    A = [[sum(x[i] * x[j] for x in Xw) for j in range(n)] for i in range(n)]
    b = [sum(x[i] for x in Xw) for i in range(n)]
    for i in range(n):
        p = max(range(i, n), key=lambda r: abs(A[r][i]))
        A[i], A[p], b[i], b[p] = A[p], A[i], b[p], b[i]
        if A[i][i] == 0:
            continue
        for r in range(n):
            if r != i:
                f = A[r][i] / A[i][i]
                A[r] = [a - f * c for a, c in zip(A[r], A[i])]
                b[r] -= f * b[i]
    return [b[i] / A[i][i] if A[i][i] else 0.0 for i in range(n)]


def fit(rows):
    m = {}
    for p in ('conv', 'pointwise', 'fc'):
        for s in ('dense', 'sparse'):
            core = [r for r in rows if r['profile'] == 'nrf52840' and path(r) == p]
            stall = [r for r in rows if r['profile'] == 'stm32l4r5' and path(r) == p]
            m[(p, s, 'core')] = solve([core_features(r, s) for r in core], [int(r[s + '_cycles']) for r in core])
            m[(p, s, 'stall')] = solve([stall_features(r, s) for r in stall],
                                       [int(r[s + '_stalls']) + 1 for r in stall])
    return m


def predict(m, r, s, ws):
    p = path(r)
    core = sum(a * b for a, b in zip(m[(p, s, 'core')], core_features(r, s)))
    stall = sum(a * b for a, b in zip(m[(p, s, 'stall')], stall_features(r, s)))
    return core + ws / 5.0 * max(stall, 0.0)


def sparse_bytes(r):
    return 16 + int(r['cout']) * ((int(r['k']) + 31) // 32) * 4 + int(r['nonzeros'])


def choose(m, layers, ws):
    """core/ops/sparse_cost.cpp choose_sparse_layers: the layers predicted
    faster sparse by MARGIN, then slower ones that save bytes, cheapest cycles
    per byte first, within SPEND_FRACTION of the fastest plan and under MARGIN
    of all-dense."""
    chosen, slower, all_dense, fastest = set(), [], 0.0, 0.0
    for i, r in enumerate(layers):
        d, s = predict(m, r, 'dense', ws), predict(m, r, 'sparse', ws)
        saved = int(r['cout']) * int(r['k']) - sparse_bytes(r)
        all_dense += d
        if s < MARGIN * d:
            chosen.add(i); fastest += s
        else:
            fastest += d
            if saved > 0:
                slower.append(((s - d) / saved, i, s - d))
    spent = 0.0
    for _, i, extra in sorted(slower):
        if spent + extra <= SPEND_FRACTION * fastest and fastest + spent + extra <= MARGIN * all_dense:
            chosen.add(i); spent += extra
    return chosen


def check(m, rows, label):
    runs = {}
    for r in rows:
        runs.setdefault((r['model'], r['fraction'], r['profile']), []).append(r)
    worst, lost, best_sum, slower, saved, savable = (None, 0), 0, 0, 0, 0, 0
    for key, layers in runs.items():
        ws = 5 if key[2] == 'stm32l4r5' else 0
        chosen = choose(m, layers, ws)
        dense = sum(int(r['dense_cycles']) for r in layers)
        picked = sum(int(r['sparse_cycles'] if i in chosen else r['dense_cycles']) for i, r in enumerate(layers))
        best = sum(min(int(r['dense_cycles']), int(r['sparse_cycles'])) for r in layers)
        lost += picked - best
        best_sum += best
        slower += picked > dense
        if picked / dense > worst[1]:
            worst = (key, picked / dense)
        saved += sum(int(r['cout']) * int(r['k']) - sparse_bytes(r) for i, r in enumerate(layers) if i in chosen)
        savable += sum(max(0, int(r['cout']) * int(r['k']) - sparse_bytes(r)) for r in layers)
    print(f'{label}: {len(runs)} model runs; chosen/dense worst {worst[1]:.4f} ({", ".join(worst[0])}); '
          f'slower than dense: {slower}; cycles above the per-layer fastest: {100 * lost / best_sum:.2f} %; '
          f'bytes saved: {100 * saved / max(savable, 1):.0f} % of what all-smallest saves')


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    rows = list(csv.DictReader(open(args[0] if args else 'benchmarks/sparse_cost/layers.csv')))
    m = fit(rows)
    for (p, s, part), c in sorted(m.items()):
        print(f'{p:9s} {s:6s} {part:5s} ' + ' '.join(f'{v:.6g}' for v in c))
    check(m, rows, 'all rows (fit = check)')
    if '--holdout' in sys.argv:
        for name in sorted({r['model'] for r in rows}):
            check(fit([r for r in rows if r['model'] != name]), [r for r in rows if r['model'] == name],
                  f'held out {name}')


main()
