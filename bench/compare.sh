#!/usr/bin/env bash
# bench/compare.sh: grclint against the tools users would reach for instead, end to end.
#
# Generates repositories of 10k and 100k assets (with their people, risks, suppliers and the
# rest, `cargo run --release --example gen-corpus`), then times, on a warm cache, in one run:
#   grclint           `grclint check DIR` with the full isms pack (every kind, every rule)
#   check-jsonschema  (PyPI) the asset, person, risk and supplier ledgers against the schemas
#                     `grclint schema KIND` prints, wrapped as "a list of KIND records"
#   spectral          (npm @stoplight/spectral-cli) the same ledgers with the field rules in
#                     bench/spectral/KIND.yaml
# and, on the largest size, grclint alone on the same repository with 2 % defects and laid
# out as 1,000 files of 100 assets; and reports the median, min and max wall time of RUNS runs, the peak memory
# (/usr/bin/time -v, the largest process of the run) and the ratios. See BENCHMARKS.md.
#
# The peers are installed into a scratch folder ($PEERS, default /tmp/grclint-peers), never
# into the repository. Needs cargo, python3 with venv, npm, and GNU time at /usr/bin/time
# (Debian: apt-get install time).
#
# usage: bench/compare.sh [--runs N] [--sizes "10000 100000"] [--work DIR] [--no-peers]
set -euo pipefail

RUNS=${RUNS:-3}
SIZES=${SIZES:-"10000 100000"}
WORK=${WORK:-${TMPDIR:-/tmp}/grclint-bench}
PEERS=${PEERS:-${TMPDIR:-/tmp}/grclint-peers}
NO_PEERS=${NO_PEERS:-0}
CHECK_JSONSCHEMA_VERSION=${CHECK_JSONSCHEMA_VERSION:-0.39.0}
SPECTRAL_VERSION=${SPECTRAL_VERSION:-6.16.3}
SEED=${SEED:-1}
TODAY=${TODAY:-2026-11-01}
KINDS="asset:assets person:people risk:risks supplier:suppliers"

while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --sizes) SIZES=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --no-peers) NO_PEERS=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf '\n== %s\n' "$*" >&2; }
die() { echo "compare.sh: $*" >&2; exit 1; }

repo=$(cd "$(dirname "$0")/.." && pwd)
# grclint's cache of the corpora's records, kept apart from the user's.
export XDG_CACHE_HOME="$WORK/cache"
[ -x /usr/bin/time ] && /usr/bin/time -v true 2>/dev/null || die "GNU time is needed at /usr/bin/time (apt-get install time)"
mkdir -p "$WORK"

say "building grclint and gen-corpus (release)"
(cd "$repo" && cargo build --release --quiet --bin grclint --example gen-corpus)
grclint="$repo/target/release/grclint"
# What was built, recorded now: the working tree may change while the benchmark runs.
build=$(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)
gen="$repo/target/release/examples/gen-corpus"

cj="$PEERS/venv/bin/check-jsonschema"
spectral="$PEERS/spectral/node_modules/.bin/spectral"
if [ "$NO_PEERS" != 1 ]; then
  say "peers in $PEERS: check-jsonschema $CHECK_JSONSCHEMA_VERSION, @stoplight/spectral-cli $SPECTRAL_VERSION"
  mkdir -p "$PEERS"
  if ! "$cj" --version 2>/dev/null | grep -q "version $CHECK_JSONSCHEMA_VERSION\$"; then
    [ -x "$PEERS/venv/bin/python" ] || python3 -m venv "$PEERS/venv"
    "$PEERS/venv/bin/pip" install --quiet --disable-pip-version-check "check-jsonschema==$CHECK_JSONSCHEMA_VERSION"
  fi
  if [ "$("$spectral" --version 2>/dev/null)" != "$SPECTRAL_VERSION" ]; then
    npm install --silent --no-audit --no-fund --prefix "$PEERS/spectral" "@stoplight/spectral-cli@$SPECTRAL_VERSION"
  fi
  "$cj" --version >&2
  echo "spectral $("$spectral" --version)" >&2

  # check-jsonschema validates a whole file against one schema, and a ledger file is a list of
  # records: wrap each kind's schema as the items of an array (its $defs move to the top so
  # that its "#/$defs/..." references still resolve).
  mkdir -p "$WORK/schemas"
  for pair in $KINDS; do
    kind=${pair%%:*}
    "$grclint" schema "$kind" > "$WORK/schemas/$kind.schema.json"
    python3 - "$WORK/schemas/$kind.schema.json" "$WORK/schemas/$kind.ledger.json" "$kind" <<'PY'
import json, sys
src, dst, kind = sys.argv[1:4]
record = json.load(open(src, encoding="utf-8"))
defs = record.pop("$defs", {})
dialect = record.pop("$schema", "https://json-schema.org/draft/2020-12/schema")
record.pop("$id", None)
ledger = {"$schema": dialect, "title": f"a ledger of {kind} records", "type": "array",
          "items": record, "$defs": defs}
json.dump(ledger, open(dst, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
  done
fi

# The corpora: regenerated when the generator or its arguments change. Each size is timed
# clean; the largest also with 2 % of its records carrying one defect each (the repository a
# user runs grclint on while fixing it), and laid out as 1,000 files of 100 assets instead
# of 100 files of 1,000.
BIG=$(for n in $SIZES; do echo "$n"; done | sort -n | tail -1)
corpora=""
for n in $SIZES; do corpora="$corpora $n:clean"; done
corpora="$corpora $BIG:defects $BIG:x100"
for c in $corpora; do
  n=${c%%:*}; variant=${c#*:}
  case "$variant" in
    clean) dir="$WORK/corpus-$n"; extra="" ;;
    defects) dir="$WORK/corpus-$n-defects"; extra="--violations 0.02" ;;
    x100) dir="$WORK/corpus-$n-x100"; extra="--per-file 100" ;;
  esac
  stamp="seed=$SEED today=$TODAY assets=$n $extra gen=$(sha256sum "$gen" | cut -c1-16)"
  if [ ! -f "$dir.stamp" ] || [ "$(cat "$dir.stamp")" != "$stamp" ]; then
    say "generating $dir"
    rm -rf "$dir" "$dir.stamp"
    # shellcheck disable=SC2086
    "$gen" --assets "$n" --out "$dir" --seed "$SEED" --today "$TODAY" $extra >&2
    echo "$stamp" > "$dir.stamp"
  fi
  if [ "$variant" = defects ]; then
    # The defects must be found: exit code 1, not 0 and not 2.
    rc=0; "$grclint" check "$dir" --quiet >&2 || rc=$?
    [ "$rc" = 1 ] || die "grclint exits $rc on the defect corpus $dir (1 expected)"
  else
    # A clean corpus is valid: a run with findings would time something else.
    "$grclint" check "$dir" --quiet >&2 || die "grclint finds problems in the generated corpus $dir; fix that first"
  fi
done

say "timing (runs: $RUNS, after a warm-up run: of grclint for each size, of each peer once)"
RUNS="$RUNS" SIZES="$SIZES" WORK="$WORK" KINDS="$KINDS" REPO="$repo" GRCLINT="$grclint" \
CJ="$cj" SPECTRAL="$spectral" NO_PEERS="$NO_PEERS" BUILD="$build" BIG="$BIG" python3 - <<'PY'
import json, os, platform, shlex, statistics, subprocess, sys, tempfile, time

env = os.environ
RUNS = int(env["RUNS"])
SIZES = [int(s) for s in env["SIZES"].split()]
WORK = env["WORK"]
KINDS = [p.split(":") for p in env["KINDS"].split()]
REPO = env["REPO"]
GRCLINT = env["GRCLINT"]
CJ = env["CJ"]
SPECTRAL = env["SPECTRAL"]
PEERS = env["NO_PEERS"] != "1"
BIG = int(env["BIG"])
sh_quote = shlex.quote

def commands(n):
    d = os.path.join(WORK, f"corpus-{n}")
    cmds = [("grclint", [GRCLINT, "check", d, "--quiet", "--no-cache"], "every kind; schemas, references, dates, 69 rules; cold (--no-cache)")]
    if PEERS:
        cj = " && ".join(
            f"{sh_quote(CJ)} --schemafile {sh_quote(os.path.join(WORK, 'schemas', k + '.ledger.json'))} {folder}/*.yaml"
            for k, folder in KINDS)
        sp = " && ".join(
            f"{sh_quote(SPECTRAL)} lint --quiet --fail-severity error --ruleset "
            f"{sh_quote(os.path.join(REPO, 'bench', 'spectral', k + '.yaml'))} '{folder}/*.yaml'"
            for k, folder in KINDS)
        kinds = ", ".join(k for k, _ in KINDS)
        cmds.append(("check-jsonschema", ["bash", "-c", f"cd {sh_quote(d)} && {cj}"], f"{kinds} ledgers: JSON Schema"))
        cmds.append(("spectral", ["bash", "-c", f"cd {sh_quote(d)} && {sp}"], f"{kinds} ledgers: field rules"))
    return cmds

def variants(n):
    """The grclint-only runs on the largest size: with defects (exit 1), and 1,000 x 100."""
    if n != BIG:
        return []
    d = os.path.join(WORK, f"corpus-{n}")
    return [("grclint, 2 % defects", [GRCLINT, "check", d + "-defects", "--quiet", "--no-cache"],
             "the same, 2 % of records with one defect each", 1, None),
            ("grclint, 100 per file", [GRCLINT, "check", d + "-x100", "--quiet", "--no-cache"],
             "the same, in ledgers of 100 assets (1,000 files at 100k)", 0, None),
            ("grclint, warm cache", [GRCLINT, "check", d, "--quiet"],
             "the same, nothing changed since the last run (cache)", 0, None),
            ("grclint, 1 ledger changed", [GRCLINT, "check", d, "--quiet"],
             "the same, one ledger of 1,000 assets changed since the last run (cache)", 0,
             lambda: touch_ledger(d))]

def touch_ledger(d):
    """A comment appended to one asset ledger: its records are read again, the rest cached."""
    ledgers = sorted(f for f in os.listdir(os.path.join(d, "assets")) if f.endswith(".yaml"))
    with open(os.path.join(d, "assets", ledgers[len(ledgers) // 2]), "a", encoding="utf-8") as f:
        f.write(f"# edited {time.time()}\n")

def run_once(argv, expect=0):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name] + argv,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - t0
        rss = None
        for line in tf.read().splitlines():
            if "Maximum resident set size" in line:
                rss = int(line.split(":")[1]) / 1024.0
    if p.returncode != expect:
        sys.exit(f"compare.sh: {argv[0]} exited {p.returncode}: {p.stderr.decode(errors='replace')[-2000:]}")
    return wall, rss

def corpus_mib(n):
    d = os.path.join(WORK, f"corpus-{n}")
    size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(d) for f in fs)
    return size / (1024 * 1024)

results = []
warmed = set()
for n in SIZES:
    mib = corpus_mib(n)
    for tool, argv, what, expect, before in [c + (0, None) for c in commands(n)] + variants(n):
        # Warm-up, not timed: the page cache, and the peers' interpreters and packages. The
        # grclint runs warm the page cache for the peers; a peer warms up once, on the first size.
        if tool.startswith("grclint") or tool not in warmed:
            run_once(argv, expect)
            warmed.add(tool)
        walls, rsss, paired = [], [], []
        for i in range(RUNS):
            if before:
                before()
            if tool == "grclint, 2 % defects":
                # The clean corpus again, right before: the ratio compares runs side by side.
                paired.append(run_once(commands(n)[0][1])[0])
            w, r = run_once(argv, expect)
            walls.append(w); rsss.append(r)
            print(f"  {tool:21} {n:>7} assets  run {i + 1}/{RUNS}: {w:8.3f} s  {r:8.1f} MiB", file=sys.stderr)
        results.append(dict(tool=tool, assets=n, what=what, corpus_mib=round(mib, 1),
                            runs=walls, median=statistics.median(walls), min=min(walls), max=max(walls),
                            peak_mib=max(rsss), paired_clean=paired))

def get(tool, n):
    return next((r for r in results if r["tool"] == tool and r["assets"] == n), None)

def model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()

lines = []
lines.append(f"grclint {env['BUILD']}; machine: {model()}, {os.cpu_count()} cores, "
             f"Linux {platform.release()}; {RUNS} runs each after a warm-up")
lines.append("")
lines.append("| tool | assets | corpus | checks | median wall | min | max | peak memory | × grclint |")
lines.append("|---|---:|---:|---|---:|---:|---:|---:|---:|")
for r in results:
    g = get("grclint", r["assets"])
    ratio = r["median"] / g["median"] if g else float("nan")
    lines.append(f"| {r['tool']} | {r['assets']:,} | {r['corpus_mib']} MiB | {r['what']} | {r['median']:.3f} s "
                 f"| {r['min']:.3f} s | {r['max']:.3f} s | {r['peak_mib']:.0f} MiB | {ratio:.1f} |")
lines.append("")
if len(SIZES) >= 2:
    small, big = min(SIZES), max(SIZES)
    for tool in ["grclint", "check-jsonschema", "spectral"]:
        a, b = get(tool, small), get(tool, big)
        if a and b:
            lines.append(f"- {tool}: {big:,} assets cost {b['median'] / a['median']:.1f}× what {small:,} cost")
# The targets of the performance issue (2 cores, warm cache, 100k assets, full isms pack).
g10, g100 = get("grclint", 10000), get("grclint", 100000)
if g100:
    def verdict(ok):
        return "met" if ok else "MISSED"
    lines.append("")
    lines.append("targets at 100,000 assets:")
    lines.append(f"- grclint median wall <= 1.0 s: {g100['median']:.3f} s, {verdict(g100['median'] <= 1.0)}")
    peak = max(r["peak_mib"] for r in results if r["tool"].startswith("grclint") and r["assets"] == 100000)
    lines.append(f"- grclint peak memory <= 250 MiB (any layout, with defects too): {peak:.0f} MiB, {verdict(peak <= 250)}")
    d = get("grclint, 2 % defects", 100000)
    if d:
        clean = statistics.median(d["paired_clean"]) if d["paired_clean"] else g100["median"]
        r = d["median"] / clean
        lines.append(f"- with 2 % defects / clean <= 1.15: {r:.2f} ({d['median']:.3f} s against "
                     f"{clean:.3f} s, runs alternating), {verdict(r <= 1.15)}")
    for tool, want in [("grclint, warm cache", 0.25), ("grclint, 1 ledger changed", 0.35)]:
        w = get(tool, 100000)
        if w:
            lines.append(f"- {tool[9:]} <= {want} s: {w['median']:.3f} s, {verdict(w['median'] <= want)}")
    x = get("grclint, 100 per file", 100000)
    if x:
        lines.append(f"- 1,000 files of 100 / 100 files of 1,000: {x['median'] / g100['median']:.2f}")
    if g10:
        r = g100["median"] / g10["median"]
        lines.append(f"- 100k costs <= 11x 10k: {r:.1f}x, {verdict(r <= 11)}")
    for tool, want in [("check-jsonschema", 200), ("spectral", 25)]:
        p = get(tool, 100000)
        if p:
            r = p["median"] / g100["median"]
            lines.append(f"- >= {want}x {tool}'s speed: {r:.1f}x, {verdict(r >= want)}")
table = "\n".join(lines)
print(table)
open(os.path.join(WORK, "results.md"), "w").write(table + "\n")
json.dump(results, open(os.path.join(WORK, "results.json"), "w"), indent=1)
print(f"\n(written to {WORK}/results.md and results.json)", file=sys.stderr)
PY
