"""arm-orchlint performance harness.

Prints ratios against baselines measured in the same run on the same machine, so the
numbers mean the same on a fast laptop and a slow CI runner:

1. a ~20 MB template with ~20,000 resources: lint time / json.loads time, peak memory / json.loads peak
2. cold start: `arm-orchlint clean.json` / `python -c pass`
3. the whole ../shared/corpus in one invocation vs one process that only parses the same
   files (json.loads every JSON file, tree-sitter-parses every Bicep file); --jobs 2 vs 1
4. a 5,000-line Bicep file: lint time / bare tree-sitter parse time
5. scaling: 1, 10, 100, 1,000, 10,000 scale sets; per-resource cost at each size
6. 50 parameters with allowedValues feeding one scale set: exploration time
7. 10,000 Flexible scale sets: lint time / json.load time of the same file
8. one small .bicep file, cold: `arm-orchlint small.bicep` / `python -c pass`
9. language server: didChange -> publishDiagnostics for a 50 KB template, over stdio (target: median under 50 ms)

Usage: python benchmarks/run.py [--quick] [--only 1,2,...] [--corpus PATH]
No timing assertions live in the test suite; this script is the measurement.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import generate  # noqa: E402
from phases import phase_line  # noqa: E402


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cpu_now() -> float:
    """CPU seconds (user + sys) used so far by this process and its waited-for children.

    On a shared, loaded machine wall-clock time includes waiting for a core; CPU time does
    not, so the CPU ratios below are the steadier ones."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def interleaved(fns, repeat: int) -> tuple[list[list[float]], list[list[float]]]:
    """(wall times, CPU times) of each function, run in turn ``repeat`` times, so that a
    slow phase of a shared machine weighs on all of them alike."""
    walls: list[list[float]] = [[] for _ in fns]
    cpus: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, wall, cpu in zip(fns, walls, cpus):
            gc.collect()
            start, start_cpu = time.perf_counter(), cpu_now()
            fn()
            wall.append(time.perf_counter() - start)
            cpu.append(cpu_now() - start_cpu)
    return walls, cpus


def interleaved_samples(fns, repeat: int) -> list[list[float]]:
    """Wall times of each function (see ``interleaved``)."""
    return interleaved(fns, repeat)[0]


def paired(baseline, measured, repeat: int) -> tuple[float, float, float, float]:
    """Median (wall baseline, wall measured, CPU baseline, CPU measured) (see ``interleaved``)."""
    walls, cpus = interleaved([baseline, measured], repeat)
    return (*(statistics.median(x) for x in walls), *(statistics.median(x) for x in cpus))


def paired_times(baseline, measured, repeat: int) -> tuple[float, float]:
    """Median wall times of ``baseline`` and ``measured`` (see ``interleaved``)."""
    return paired(baseline, measured, repeat)[:2]


def cpu_ratio(cpu_base: float, cpu_other: float) -> str:
    return f"CPU {cpu_base * 1000:.0f} vs {cpu_other * 1000:.0f} ms -> {cpu_other / max(cpu_base, 1e-9):.2f}x"


def without_gc(fn):
    def run():
        gc.disable()
        try:
            fn()
        finally:
            gc.enable()

    return run


def linter():
    from arm_orchlint.lint.engine import Linter
    from arm_orchlint.rules.registry import Registry

    return Linter(Registry.default())


def peak_rss_of(code: str) -> int:
    """Peak RSS (KiB) of a fresh interpreter running ``code``, minus an idle interpreter's.

    VmHWM is read rather than ru_maxrss: Linux carries ru_maxrss over from the (large)
    parent process into the child, while VmHWM starts afresh with the new program."""
    probe = "{};print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"
    base = int(subprocess.run([sys.executable, "-c", probe.format("pass")], capture_output=True, text=True).stdout)
    out = subprocess.run([sys.executable, "-c", probe.format(code)], capture_output=True, text=True, cwd=HERE.parent)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    return max(1, int(out.stdout.strip().splitlines()[-1]) - base)


def bench_big(tmp: Path, quick: bool) -> None:
    resources = 4000 if quick else 20000
    text = generate.big_template(resources, 40)
    path = tmp / "big.json"
    path.write_text(text)
    raw = path.read_bytes()
    lint = linter()
    lint.lint_file(str(path))  # warm caches (rules, compiled expressions)
    repeat = 3 if quick else 11
    loads = lambda: json.loads(raw.decode("utf-8"))  # noqa: E731
    # The stricter floor too: json.loads with its garbage-collector passes switched off, as
    # the linter switches them off while it reads a file.
    (base, other, floor), cpus = interleaved([loads, lambda: lint.lint_file(str(path)), without_gc(loads)], repeat)
    t_json, t_lint = statistics.median(base), statistics.median(other)
    c_json, c_lint = statistics.median(cpus[0]), statistics.median(cpus[1])
    findings = len(lint.lint_file(str(path)).findings)
    mem_json = peak_rss_of(f"import json; json.loads(open({str(path)!r}, 'rb').read().decode())")
    mem_lint = peak_rss_of(
        "from arm_orchlint.lint.engine import Linter; from arm_orchlint.rules.registry import Registry; "
        f"Linter(Registry.default()).lint_file({str(path)!r})"
    )
    print(f"[1] big template: {len(raw) / 1e6:.1f} MB, {resources} resources, {findings} findings")
    print(
        f"    json.loads {t_json * 1000:.0f} ms, lint {t_lint * 1000:.0f} ms  ->  time ratio {t_lint / t_json:.2f}x (target <= 1.2x)"
        f"  [fastest runs: {min(other) / min(base):.2f}x]; {cpu_ratio(c_json, c_lint)}"
    )
    print(
        f"    (json.loads without GC passes {statistics.median(floor) * 1000:.0f} ms  ->  {t_lint / statistics.median(floor):.2f}x)"
    )
    print(
        f"    peak memory: json.loads +{mem_json / 1024:.0f} MiB, lint +{mem_lint / 1024:.0f} MiB  ->  ratio {mem_lint / mem_json:.2f}x (target <= 1.5x)"
    )
    print(f"    phases: {phase_line(lambda: lint.lint_file(str(path)))}")


def child_env() -> dict:
    """The environment of measured processes.  Bytecode is cached (a wheel install compiles
    it at install time; PYTHONDONTWRITEBYTECODE in a developer shell would make every run
    compile the package again, which no user pays)."""
    env = dict(os.environ, NO_COLOR="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def warm(cmd: list[str]) -> None:
    """One unmeasured run, so the package's bytecode is cached before timing."""
    subprocess.run(cmd, capture_output=True, env=child_env())


def command() -> list[str]:
    script = Path(sys.executable).with_name("arm-orchlint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "arm_orchlint"]


def bench_cold(tmp: Path, quick: bool) -> None:
    clean = tmp / "clean.json"
    clean.write_text(
        generate.scale_sets_only(1).replace('"singlePlacementGroup": true', '"singlePlacementGroup": false')
    )
    runs = 5 if quick else 15
    env = child_env()
    warm([*command(), str(clean)])
    floor, cold, c_floor, c_cold = paired(
        lambda: subprocess.run([sys.executable, "-c", "pass"], check=True, env=env),
        lambda: subprocess.run([*command(), str(clean)], capture_output=True, env=env),
        runs,
    )
    print(
        f"[2] cold start: python -c pass {floor * 1000:.1f} ms, arm-orchlint clean.json {cold * 1000:.1f} ms  ->  {cold / floor:.2f}x (target <= 6x)"
        f"; {cpu_ratio(c_floor, c_cold)}"
    )


PARSE_FLOOR = """
import json, os, sys
import tree_sitter, tree_sitter_bicep
parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_bicep.language()))
for folder, _, names in os.walk(sys.argv[1]):
    for name in sorted(names):
        ext = os.path.splitext(name)[1].lower()
        path = os.path.join(folder, name)
        if ext in ('.json', '.jsonc'):
            try:
                json.loads(open(path, 'rb').read().decode('utf-8-sig'))
            except ValueError:
                pass
        elif ext in ('.bicep', '.bicepparam'):
            parser.parse(open(path, 'rb').read())
"""


def bench_corpus(corpus: Path, quick: bool) -> None:
    files = corpus / "files"
    if not files.is_dir():
        print(f"[3] corpus: skipped ({files} not found)")
        return
    count = sum(1 for p in files.rglob("*") if p.suffix.lower() in (".json", ".jsonc", ".bicep", ".bicepparam"))
    lint_cmd = [*command(), "--format", "json", str(files)]
    env = child_env()
    probe = subprocess.run(lint_cmd, capture_output=True, text=True, env=env)
    if probe.returncode not in (0, 1):
        print(f"[3] corpus: failed ({probe.returncode}): {probe.stderr.strip()[:200]}")
        return
    linted = json.loads(probe.stdout)["summary"]["files"]
    runs = 3 if quick else 7
    (floor, lint, jobs2), cpus = interleaved(
        [
            lambda: subprocess.run([sys.executable, "-c", PARSE_FLOOR, str(files)], check=True, env=env),
            lambda: subprocess.run(lint_cmd, capture_output=True, env=env),
            lambda: subprocess.run([*lint_cmd, "--jobs", "2"], capture_output=True, env=env),
        ],
        runs,
    )
    t_floor, t_lint, t_jobs = (statistics.median(x) for x in (floor, lint, jobs2))
    c_floor, c_lint, c_jobs = (statistics.median(x) for x in cpus)
    print(
        f"[3] corpus: {count} files ({linted} linted): parse-only process {t_floor:.2f} s, lint {t_lint:.2f} s"
        f"  ->  {t_lint / t_floor:.2f}x (target <= 3x); {count / t_lint:.0f} files/s"
    )
    print(f"    {cpu_ratio(c_floor, c_lint)} (user+sys of the child processes)")
    print(
        f"    --jobs 2 {t_jobs:.2f} s  ->  {t_jobs / t_lint:.2f}x of --jobs 1 (paired, {runs} runs each)"
        f"; CPU {c_jobs:.2f} s  ->  {c_jobs / c_lint:.2f}x of --jobs 1"
    )
    print(f"    phases (in-process, after one warm-up run): {corpus_phases(files)}")


def corpus_phases(files: Path) -> str:
    import gc as collector

    from arm_orchlint.front.discovery import discover
    from arm_orchlint.lint.jobs import lint_all

    paths = [item.path for item in discover([str(files)])]
    lint = linter()
    collector.disable()  # as the command runs
    try:
        lint_all(lint, paths)
        return phase_line(lambda: lint_all(lint, paths))
    finally:
        collector.enable()


def bench_many_sets(tmp: Path, quick: bool) -> None:
    n = 1000 if quick else 10000
    path = tmp / f"flexible-{n}.json"
    path.write_text(generate.flexible_sets(n))
    lint = linter()
    lint.lint_file(str(path))

    def load():
        with open(path, "rb") as fh:
            json.load(fh)

    # As on [1], the stricter floor too: json.load without its collector passes.  Those
    # passes depend on how many objects the process already holds (earlier lines leave
    # some), so the plain floor moves between a run of this line alone and a full run.
    # The lint runs as the command runs it, with the collector off: a lint leaves ~500,000
    # objects in reference cycles, and whether the pass that meets them falls inside the
    # timed call or just after it is a matter of allocation order (the command never runs it).
    lint_as_command = without_gc(lambda: lint.lint_file(str(path)))
    (loads, lints, floors), cpus = interleaved([load, lint_as_command, without_gc(load)], 3 if quick else 7)
    base, other, floor = (statistics.median(x) for x in (loads, lints, floors))
    c_base, c_other = statistics.median(cpus[0]), statistics.median(cpus[1])
    print(
        f"[7] {n} Flexible scale sets: json.load {base * 1000:.0f} ms, lint {other * 1000:.0f} ms"
        f"  ->  {other / base:.2f}x (target <= 4x); {other / n * 1e3:.3f} ms per set; {cpu_ratio(c_base, c_other)}"
    )
    print(f"    (json.load without GC passes {floor * 1000:.0f} ms  ->  {other / floor:.2f}x)")
    print(f"    phases: {phase_line(lint_as_command)}")


def bench_bicep_cold(tmp: Path, quick: bool) -> None:
    path = tmp / "small.bicep"
    path.write_text(generate.SMALL_BICEP)
    env = child_env()
    warm([*command(), str(path)])
    floor, cold, c_floor, c_cold = paired(
        lambda: subprocess.run([sys.executable, "-c", "pass"], check=True, env=env),
        lambda: subprocess.run([*command(), str(path)], capture_output=True, env=env),
        5 if quick else 15,
    )
    print(
        f"[8] small .bicep cold: python -c pass {floor * 1000:.1f} ms, arm-orchlint small.bicep {cold * 1000:.1f} ms"
        f"  ->  {cold / floor:.2f}x (target <= 5x); {cpu_ratio(c_floor, c_cold)}"
    )


def bench_bicep(tmp: Path, quick: bool) -> None:
    try:
        import tree_sitter
        import tree_sitter_bicep
    except ImportError:
        print("[4] bicep: skipped (tree-sitter-bicep not installed)")
        return
    text = generate.bicep_file(1000 if quick else 5000)
    path = tmp / "big.bicep"
    path.write_text(text)
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_bicep.language()))
    data = text.encode()
    from arm_orchlint.front.bicep.syntax import forget_parses

    lint = linter()
    lint.lint_file(str(path))

    def lint_fresh():
        forget_parses()  # a run parses each file once: measure with the parse
        lint.lint_file(str(path))

    t_parse, t_lint, c_parse, c_lint = paired(lambda: parser.parse(data), lint_fresh, 5)
    print(
        f"[4] bicep: {text.count(chr(10))} lines, tree-sitter parse {t_parse * 1000:.1f} ms, lint {t_lint * 1000:.1f} ms  ->  {t_lint / t_parse:.1f}x"
        f"; {cpu_ratio(c_parse, c_lint)}"
    )


def bench_scaling(tmp: Path, quick: bool) -> None:
    sizes = [1, 10, 100, 1000] + ([] if quick else [10000])
    lint = linter()
    costs = {}
    for n in sizes:
        path = tmp / f"scale-{n}.json"
        path.write_text(generate.scale_sets_only(n))
        lint.lint_file(str(path))
        t = median_time(lambda: lint.lint_file(str(path)), 3 if n >= 1000 else 7)
        costs[n] = t / n
        print(f"[5] scaling: {n:>6} scale sets  {t * 1000:9.1f} ms  {t / n * 1e6:8.1f} us per scale set")
    if 10 in costs:
        largest = max(costs)
        print(f"    per-resource cost {largest} vs 10: {costs[largest] / costs[10]:.2f}x (target within 2x)")


def bench_allowed(tmp: Path, quick: bool) -> None:
    path = tmp / "allowed.json"
    path.write_text(generate.allowed_values_template(50))
    lint = linter()
    t = median_time(lambda: lint.lint_file(str(path)), 3)
    n = len(lint.lint_file(str(path)).findings)
    print(f"[6] allowedValues: 50 parameters x 4 values feeding one scale set: {t * 1000:.1f} ms, {n} findings")


def lsp_template(min_bytes: int = 50_000) -> str:
    n = 10
    while len(text := generate.big_template(n, 10)) < min_bytes:
        n += 2
    return text


async def _lsp_latency(tmp: Path, samples: int) -> tuple[list[float], list[float], int]:
    """(latencies of single edits, latencies of the last edit of 5-edit bursts, size)."""
    import asyncio

    from lsprotocol import types as T
    from pygls.lsp.client import BaseLanguageClient

    text = lsp_template()
    path = tmp / "lsp.json"
    path.write_text(text)
    uri = path.as_uri()
    # Toggle one scale set between Flexible and Uniform: the findings change with each edit.
    at = text.index('"orchestrationMode": "Flexible"') + len('"orchestrationMode": "')
    line = text.count("\n", 0, at)
    col = at - (text.rfind("\n", 0, at) + 1)
    client = BaseLanguageClient("arm-orchlint-benchmark", "1")
    published: asyncio.Queue = asyncio.Queue()

    @client.feature(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(params):
        published.put_nowait((time.perf_counter(), params))

    async def until_version(wanted: int) -> float:
        async def wait() -> float:
            while True:
                stamp, params = await published.get()
                if params.uri == uri and params.version == wanted:
                    return stamp

        return await asyncio.wait_for(wait(), 30)  # never hang the benchmark

    cmd = command()
    await client.start_io(cmd[0], *cmd[1:], "lsp", env=child_env())
    await client.initialize_async(T.InitializeParams(capabilities=T.ClientCapabilities(), root_uri=tmp.as_uri()))
    client.initialized(T.InitializedParams())
    client.text_document_did_open(T.DidOpenTextDocumentParams(T.TextDocumentItem(uri, "json", 1, text)))
    await until_version(1)
    version, current = 1, "Flexible"

    def edit() -> None:
        nonlocal version, current
        new = "Uniform" if current == "Flexible" else "Flexible"
        rng = T.Range(T.Position(line, col), T.Position(line, col + len(current)))
        version += 1
        client.text_document_did_change(
            T.DidChangeTextDocumentParams(
                T.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [T.TextDocumentContentChangePartial(range=rng, text=new)],
            )
        )
        current = new

    single, burst = [], []
    for _ in range(samples):
        await asyncio.sleep(0.3)  # a pause between edits, longer than the debounce window
        start = time.perf_counter()
        edit()
        single.append(await until_version(version) - start)
    for _ in range(max(3, samples // 4)):
        await asyncio.sleep(0.3)
        for _ in range(5):  # typing: 5 edits 20 ms apart, linted together
            edit()
            start = time.perf_counter()
            await asyncio.sleep(0.02)
        burst.append(await until_version(version) - start)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return single, burst, len(text)


def bench_lsp(tmp: Path, quick: bool) -> None:
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        print("[9] lsp: skipped (the lsp extra is not installed)")
        return
    import asyncio

    single, burst, size = asyncio.run(_lsp_latency(tmp, 10 if quick else 30))
    ms = sorted(t * 1000 for t in single)
    print(
        f"[9] lsp: {size / 1000:.0f} KB template, didChange -> publishDiagnostics median {statistics.median(ms):.1f} ms"
        f" (p90 {ms[int(len(ms) * 0.9) - 1]:.1f} ms, {len(ms)} edits; target < 50 ms)"
    )
    print(f"    last edit of a 5-edit burst (20 ms apart, debounced): median {statistics.median(burst) * 1000:.1f} ms")


def _default_corpus() -> Path:
    """``../shared/corpus`` beside the checkout (a git worktree elsewhere: beside the main one)."""
    beside = HERE.parent.parent / "shared" / "corpus"
    if beside.is_dir():
        return beside
    try:
        common = subprocess.run(
            ["git", "rev-parse", "--git-common-dir"], cwd=HERE, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return beside
    return (HERE / common).resolve().parent.parent / "shared" / "corpus" if common else beside


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller inputs, fewer repeats")
    ap.add_argument("--only", default="1,2,3,4,5,6,7,8,9")
    ap.add_argument("--corpus", default=str(_default_corpus()))
    args = ap.parse_args()
    only = {int(x) for x in args.only.split(",")}
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        steps = {
            1: bench_big,
            2: bench_cold,
            4: bench_bicep,
            5: bench_scaling,
            6: bench_allowed,
            7: bench_many_sets,
            8: bench_bicep_cold,
            9: bench_lsp,
        }
        for key in sorted(only):
            if key == 3:
                bench_corpus(Path(args.corpus), args.quick)
            else:
                steps[key](tmp, args.quick)


if __name__ == "__main__":
    main()
