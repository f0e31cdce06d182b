/**
 * `npm run bench:drift`: the drift engine on large columns, next to scipy on the same data.
 *
 * Data: the statistics.md §9.1 generator, reference gen(N, PHI) and current gen(N, SQ2, shift)
 * (a 0.02σ shift, the §1.3 scenario), plus categorical columns min(9, ⌊value⌋) and value ≥ 5.
 * Every exact-mode test runs on raw samples (sorting included, as scipy sorts on every call); KS
 * and W1 also run with the reference sorted once, as a monitoring server would cache it. Profile
 * mode fits 100 equal-width bins (±∞ ends) on the reference once, then counts the current window
 * and computes the binned statistics.
 *
 * If `python3 -c "import scipy, numpy"` works, the same columns are written to temporary float64
 * files and an inline Python script times scipy (`ks_2samp`, `wasserstein_distance`, …) and the
 * numpy histogram formulas on them; the table shows both times, the speed ratio and whether the
 * values agree (to 1e-9 relative where both sides compute the same number exactly).
 *
 * It also times two floors, on both sides: one pass reading both samples, and sorting one; and
 * names the tests whose goal (5× faster than scipy) is below its floor, so cannot be met here.
 *
 * Options: --size N (values per side, default 1 000 000), --rounds R (best of R, default 3),
 *          --python PATH (default `python3` on PATH; scipy ≥ 1.17 matches statistics.md §9),
 *          --no-python
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gen, PHI, SQ2 } from '../src/stats/drift/__fixtures__/generator.js';
import {
  andersonDarling,
  binnedKs,
  binnedNormedWasserstein,
  binnedWasserstein,
  categoricalJensenShannon,
  categoricalPsi,
  categoryTable,
  chiSquareGoodnessOfFit,
  cramerVonMises,
  energyDistance,
  hellinger,
  histogramCounts,
  jensenShannon,
  klDivergenceTest,
  ksTest,
  linspace,
  mannWhitneyU,
  normedWasserstein,
  populationStd,
  profileJensenShannon,
  profilePsi,
  psi,
  quantilePsi,
  sortedSample,
  tTest,
  zTest,
  type HistogramProfile,
} from '../src/stats/drift/index.js';

interface Row {
  name: string;
  mode: 'exact' | 'profile';
  ms: number;
  value: number;
  /** Values processed per run, for throughput (0 for statistics on a stored profile). */
  values: number;
  /** Compared with scipy at 1e-9 relative (false: the difference is reported only). */
  exact: boolean;
}

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '3' },
    'no-python': { type: 'boolean', default: false },
    python: { type: 'string', default: 'python3' },
  },
});
const size = Number(args.size);
const rounds = Number(args.rounds);

function time(run: () => number): [ms: number, value: number] {
  let best = Infinity;
  let value = Number.NaN;
  run(); // warm-up: JIT and caches
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    value = run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return [best, value];
}

const reference = gen(size, PHI);
const current = gen(size, SQ2, { shift: 0.06 });
const referenceCategories = reference.map((v) => Math.min(9, Math.floor(v)));
const currentCategories = current.map((v) => Math.min(9, Math.floor(v)));
const binaryReference = reference.map((v) => (v < 5 ? 0 : 1));
const binaryCurrent = current.map((v) => (v < 5.1 ? 0 : 1));
const both = 2 * size;

const rows: Row[] = [];
/** Times `run`; statistics on a stored profile take microseconds, so they run `repeat` times. */
function add(name: string, mode: Row['mode'], exact: boolean, run: () => number, repeat = 1): void {
  const [total, value] = time(() => {
    let v = Number.NaN;
    for (let r = 0; r < repeat; r++) v = run();
    return v;
  });
  const ms = total / repeat;
  rows.push({ name, mode, ms, value, values: repeat === 1 ? both : 0, exact });
  console.error(`  ${name} (${mode}): ${ms.toFixed(3)} ms`);
}

console.error(`drift bench: ${size} vs ${size} values, best of ${rounds}`);
add('ks (p-value)', 'exact', true, () => ksTest(reference, current).pValue);
add('ks (statistic)', 'exact', true, () => ksTest(reference, current).statistic);
const sortedReference = sortedSample(reference);
add('ks, reference sorted once', 'exact', true, () => ksTest(sortedReference, current).statistic);
add('wasserstein (normed)', 'exact', true, () => normedWasserstein(reference, current).statistic);
add(
  'wasserstein, reference sorted once',
  'exact',
  true,
  () => normedWasserstein(sortedReference, current).statistic,
);
add('ed (energy distance)', 'exact', true, () => energyDistance(reference, current));
add('psi (Evidently bins)', 'exact', true, () => psi(reference, current).statistic);
add('kl_div', 'exact', true, () => klDivergenceTest(reference, current).statistic);
add('jensenshannon', 'exact', true, () => jensenShannon(reference, current).statistic);
add('hellinger', 'exact', true, () => hellinger(reference, current).statistic);
add('psi_quantile', 'exact', true, () => quantilePsi(reference, current).statistic);
add('cramer_von_mises (T)', 'exact', true, () => cramerVonMises(reference, current).statistic);
add('anderson (T)', 'exact', true, () => andersonDarling(reference, current).statistic);
add(
  'mannw (p, "less")',
  'exact',
  true,
  () => mannWhitneyU(reference, current, { alternative: 'less' }).pValue,
);
add('t_test (t)', 'exact', true, () => tTest(reference, current).statistic);
add(
  'chisquare (10 categories)',
  'exact',
  true,
  () => chiSquareGoodnessOfFit(categoryTable(referenceCategories, currentCategories)).statistic,
);
add('psi (10 categories)', 'exact', true, () =>
  categoricalPsi(categoryTable(referenceCategories, currentCategories)),
);
add('jensenshannon (10 categories)', 'exact', true, () =>
  categoricalJensenShannon(categoryTable(referenceCategories, currentCategories)),
);
add(
  'z (binary)',
  'exact',
  true,
  () => zTest(categoryTable(binaryReference, binaryCurrent)).statistic,
);

// Profile mode: bins fitted on the reference once; each window counts its values into them.
const inner = linspace(sortedReference.values[0]!, sortedReference.values[size - 1]!, 101).slice(
  1,
  -1,
);
const edges = [-Infinity, ...inner, Infinity];
const fitted = {
  reference: Array.from(histogramCounts(reference, edges)),
  referenceStd: populationStd(reference),
};
const profileOf = (): HistogramProfile => ({
  edges,
  ...fitted,
  current: Array.from(histogramCounts(current, edges)),
  range: { min: 0, max: 10.06 },
});
const profile = profileOf();
add('count current window (100 bins)', 'profile', true, () => profileOf().current[50]!);
// Statistics on a stored 100-bin profile take microseconds: each timing repeats the call.
add('ks (binned, with p-value)', 'profile', true, () => binnedKs(profile).pValue!, 10);
add(
  'wasserstein (binned, normed)',
  'profile',
  true,
  () => binnedNormedWasserstein(profile).statistic,
  1000,
);
add('psi (on the bins)', 'profile', true, () => profilePsi(profile).statistic, 1000);
add(
  'jensenshannon (on the bins)',
  'profile',
  true,
  () => profileJensenShannon(profile).statistic,
  1000,
);
// Floors: what any JavaScript implementation pays at least. Every exact test reads both samples;
// every rank test sorts at least the current window (the reference can be sorted once).
function sumOf(x: Float64Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = x.length - (x.length % 4);
  for (let i = 0; i < n; i += 4) {
    s0 += x[i]!;
    s1 += x[i + 1]!;
    s2 += x[i + 2]!;
    s3 += x[i + 3]!;
  }
  for (let i = n; i < x.length; i++) s0 += x[i]!;
  return s0 + s1 + s2 + s3;
}
const readPass = (a: Float64Array, b: Float64Array) => sumOf(a) + sumOf(b);
const [readFloor] = time(() => readPass(reference, current));
const [sortFloor] = time(() => sortedSample(current).values[0]!);
/** Exact tests that sort the current window on every call. */
const SORTING = new Set([
  'ks (p-value)',
  'ks (statistic)',
  'ks, reference sorted once',
  'wasserstein (normed)',
  'wasserstein, reference sorted once',
  'ed (energy distance)',
  'hellinger',
  'cramer_von_mises (T)',
  'anderson (T)',
  'mannw (p, "less")',
]);

const binnedW1 = binnedWasserstein(profile);
const binnedD = binnedKs(profile);

/** Times scipy/numpy on the same files; prints {versions, results: {"mode:name": {ms, value}}}. */
const PYTHON_BENCH = String.raw`
import sys, json, time, warnings
import numpy as np, scipy, scipy.stats as st
from scipy.spatial import distance
warnings.simplefilter('ignore')
d, rounds = sys.argv[1], int(sys.argv[2])
r = np.fromfile(d + '/reference.f64'); c = np.fromfile(d + '/current.f64')
edges = np.fromfile(d + '/edges.f64')
out = {}
def bench(keys, f, repeat=1):
    best, v = float('inf'), None
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(repeat): v = f()
        best = min(best, (time.perf_counter() - t) / repeat)
    v = v if isinstance(v, tuple) else (v,)
    for k, x in zip(keys, v):
        text = repr(float(x)).replace('inf', 'Infinity').replace('nan', 'NaN')
        out[k] = {'ms': best * 1e3, 'value': text}
def ks():
    res = st.ks_2samp(r, c); return res.pvalue, res.statistic, res.statistic
bench(['exact:ks (p-value)', 'exact:ks (statistic)', 'exact:ks, reference sorted once'], ks)
def w1():
    v = st.wasserstein_distance(r, c) / max(np.std(r), 0.001); return v, v
bench(['exact:wasserstein (normed)', 'exact:wasserstein, reference sorted once'], w1)
bench(['exact:ed (energy distance)'], lambda: st.energy_distance(r, c))
def fill(p):
    p = p.copy(); m0 = p[p != 0].min(); p[p == 0] = m0 / 1e6 if m0 <= 1e-4 else 1e-4; return p
def binned():
    b = np.histogram_bin_edges(np.concatenate([r, c]), bins='sturges')
    return np.histogram(r, b)[0] / len(r), np.histogram(c, b)[0] / len(c)
def psi():
    p, q = binned(); p, q = fill(p), fill(q); return np.sum((p - q) * np.log(p / q))
bench(['exact:psi (Evidently bins)'], psi)
bench(['exact:kl_div'], lambda: st.entropy(*[fill(x) for x in binned()]))
bench(['exact:jensenshannon'], lambda: distance.jensenshannon(*binned()))
def hellinger():
    keys = np.unique(np.concatenate([r, c])); b = np.histogram_bin_edges(keys, bins='sturges')
    h1 = np.histogram(r, bins=b, density=True)[0]; h2 = np.histogram(c, bins=b, density=True)[0]
    s = np.sum(np.sqrt(h1 * h2) * ((b.max() - b.min()) / (len(b) - 1)))
    return np.sqrt(1 - np.clip(s, 0, 1))
bench(['exact:hellinger'], hellinger)
def psi_quantile():
    qs = np.quantile(r, np.arange(1, 10) / 10)
    e = np.concatenate([[-np.inf], np.unique(qs), [np.inf]])
    p = np.histogram(r, e)[0] / len(r); q = np.histogram(c, e)[0] / len(c)
    p[p == 0] = 1e-4; q[q == 0] = 1e-4; return np.sum((q - p) * np.log(q / p))
bench(['exact:psi_quantile'], psi_quantile)
bench(['exact:cramer_von_mises (T)'], lambda: st.cramervonmises_2samp(r, c).statistic)
def anderson():
    try: return st.anderson_ksamp([r, c], variant='midrank').statistic
    except TypeError: return st.anderson_ksamp([r, c], midrank=True).statistic  # scipy < 1.17
bench(['exact:anderson (T)'], anderson)
bench(['exact:mannw (p, "less")'], lambda: st.mannwhitneyu(r, c, alternative='less').pvalue)
bench(['exact:t_test (t)'], lambda: st.ttest_ind(r, c).statistic)
rc, cc = np.minimum(9, np.floor(r)), np.minimum(9, np.floor(c))
def table(a, b):
    keys = np.union1d(a, b)
    return (np.array([np.count_nonzero(a == k) for k in keys], float),
            np.array([np.count_nonzero(b == k) for k in keys], float))
def chisq():
    ref, cur = table(rc, cc); return st.chisquare(cur, ref * len(cc) / len(rc)).statistic
bench(['exact:chisquare (10 categories)'], chisq)
def cat_psi():
    ref, cur = table(rc, cc); p, q = fill(ref / len(rc)), fill(cur / len(cc))
    return np.sum((p - q) * np.log(p / q))
bench(['exact:psi (10 categories)'], cat_psi)
def cat_js():
    ref, cur = table(rc, cc); return distance.jensenshannon(ref / len(rc), cur / len(cc))
bench(['exact:jensenshannon (10 categories)'], cat_js)
def z():
    a, b = (r >= 5).astype(float), (c >= 5.1).astype(float); n1, n2 = len(a), len(b)
    p1, p2 = a.mean(), b.mean(); P = (p1 * n1 + p2 * n2) / (n1 + n2)
    return (p1 - p2) / np.sqrt(P * (1 - P) * (1 / n1 + 1 / n2))
bench(['exact:z (binary)'], z)
ref_counts = np.histogram(r, edges)[0]
bench(['profile:count current window (100 bins)'], lambda: np.histogram(c, edges)[0][50])
cur_counts = np.histogram(c, edges)[0]
p, q = ref_counts / ref_counts.sum(), cur_counts / cur_counts.sum()
dd = np.concatenate([[0], np.cumsum(p) - np.cumsum(q)])
en = np.round(len(r) * len(c) / (len(r) + len(c)))
bench(['profile:ks (binned, with p-value)'], lambda: st.kstwo.sf(np.max(np.abs(dd)), en), 10)
sd = np.std(r)
def binned_w1_cached():
    e = edges.copy(); e[0] = min(0, e[1]); e[-1] = max(10.06, e[-2]); w = np.diff(e)
    a, b = dd[:-1], dd[1:]; same = a * b >= 0
    area = np.where(same, w * (np.abs(a) + np.abs(b)) / 2,
                    w * (a * a + b * b) / (2 * (np.abs(a) + np.abs(b) + (same * 1.0))))
    return np.sum(area) / max(sd, 0.001)
bench(['profile:wasserstein (binned, normed)'], binned_w1_cached, 1000)
def profile_psi():
    fp, fq = fill(p), fill(q); return np.sum((fp - fq) * np.log(fp / fq))
bench(['profile:psi (on the bins)'], profile_psi, 1000)
bench(['profile:jensenshannon (on the bins)'], lambda: distance.jensenshannon(p, q), 1000)
bench(['floor:read'], lambda: r.sum() + c.sum())
bench(['floor:sort'], lambda: np.sort(c)[0])
versions = 'python %s, numpy %s, scipy %s' % (sys.version.split()[0], np.__version__, scipy.__version__)
print(json.dumps({'versions': versions, 'results': out}))
`;

interface PythonResult {
  versions: string;
  results: Record<string, { ms: number; value: string }>;
}

function runPython(): PythonResult | string {
  const python = args.python;
  const check = spawnSync(python, ['-c', 'import scipy, numpy'], { encoding: 'utf8' });
  if (check.status !== 0) return `${python} with scipy and numpy not found: scipy columns skipped`;
  const dir = mkdtempSync(join(os.tmpdir(), 'verity-drift-bench-'));
  try {
    writeFileSync(join(dir, 'reference.f64'), Buffer.from(reference.buffer));
    writeFileSync(join(dir, 'current.f64'), Buffer.from(current.buffer));
    writeFileSync(join(dir, 'edges.f64'), Buffer.from(new Float64Array(edges).buffer));
    const out = execFileSync(python, ['-c', PYTHON_BENCH, dir, String(rounds)], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    return JSON.parse(out) as PythonResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const python = args['no-python'] ? 'skipped (--no-python)' : runPython();
const ms = (v: number) => (v < 1 ? v.toFixed(4) : v.toFixed(1));
const fmt = (v: number) =>
  Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4 ? v.toExponential(6) : v.toFixed(9);
console.log(
  `\nmachine: ${os.cpus()[0]?.model ?? 'unknown'} ×${os.cpus().length}, node ${process.version}; ` +
    `load average before/after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);
if (typeof python === 'string') console.log(python);
else console.log(`python: ${python.versions}`);
console.log(
  '\n| test | mode | Verity ms | M values/s | scipy ms | speed-up | Verity value | scipy value | agree |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
for (const row of rows) {
  const raw = typeof python === 'string' ? undefined : python.results[`${row.mode}:${row.name}`];
  const theirs = raw === undefined ? undefined : { ms: raw.ms, value: Number(raw.value) };
  const throughput = row.values === 0 ? '—' : (row.values / row.ms / 1000).toFixed(1);
  let agree = '—';
  if (theirs !== undefined) {
    const rel =
      theirs.value === row.value ? 0 : Math.abs(row.value - theirs.value) / Math.abs(theirs.value);
    agree = row.exact
      ? rel <= 1e-9
        ? `yes (${rel.toExponential(1)})`
        : `NO (${rel.toExponential(1)})`
      : `~ (${rel.toExponential(1)})`;
  }
  console.log(
    `| ${row.name} | ${row.mode} | ${ms(row.ms)} | ${throughput} | ` +
      `${theirs ? ms(theirs.ms) : '—'} | ${theirs ? (theirs.ms / row.ms).toFixed(1) + '×' : '—'} | ` +
      `${fmt(row.value)} | ${theirs ? fmt(theirs.value) : '—'} | ${agree} |`,
  );
}
const floor = (key: string) =>
  typeof python === 'string' ? undefined : python.results[`floor:${key}`]?.ms;
const numpyRead = floor('read');
const numpySort = floor('sort');
console.log(
  `\nfloors (best of ${rounds}): one pass reading both samples, JavaScript ${ms(readFloor)} ms` +
    `${numpyRead === undefined ? '' : `, numpy sum ${ms(numpyRead)} ms`}; ` +
    `sorting the current sample, Verity ${ms(sortFloor)} ms` +
    `${numpySort === undefined ? '' : `, numpy sort ${ms(numpySort)} ms`}`,
);
if (typeof python !== 'string') {
  // The goal is 5× scipy's time. Where that is less than the floor, no implementation here can
  // meet it: reading (and, for rank tests, sorting) the input takes longer than the goal allows.
  const belowFloor = rows.flatMap((row) => {
    const theirs = python.results[`${row.mode}:${row.name}`];
    if (row.mode !== 'exact' || theirs === undefined) return [];
    const goal = theirs.ms / 5;
    const least = SORTING.has(row.name) ? sortFloor : readFloor;
    return goal < least ? [`${row.name} (goal ${ms(goal)} ms)`] : [];
  });
  console.log(
    belowFloor.length === 0
      ? "every exact test's goal (scipy ms / 5) is above its floor"
      : `goal (scipy ms / 5) below its floor (a read pass; for rank tests, one sort): ${belowFloor.join(', ')}`,
  );
}
console.log(
  `\nbinned error bounds on these bins: KS D ∈ [${fmt(binnedD.statistic)}, ${fmt(binnedD.statistic + binnedD.error)}], ` +
    `W1 = ${fmt(binnedW1.statistic)} ± ${fmt(binnedW1.error)}`,
);
