#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to PublicAPI.Unshipped.txt of its
# project, and drops declared symbols that no longer exist (RS0017). Review the diff: it is the public API change.
set -euo pipefail
cd "$(dirname "$0")/.."
project="${1:-Uonet.Access.sln}"
log="$(mktemp)"
dotnet build "$project" -c Debug --no-incremental -p:TreatWarningsAsErrors=false --artifacts-path "${TMPDIR:-/tmp}/uonet-access-public-api" 2>&1 > "$log" || true
python3 - "$log" <<'PY'
import re, sys, os, collections
adds = collections.defaultdict(set)
removes = collections.defaultdict(set)
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.search(r"^(.*?)\(\d+,\d+\): (?:error|warning) RS0016: Symbol '(.*)' is not part of the declared public API.*\[(.*?\.csproj)", line)
    if m:
        adds[os.path.dirname(m.group(3))].add(m.group(2))
    m = re.search(r"(?:error|warning) RS0017: Symbol '(.*)' is part of the declared API, but is either not public or could not be found.*\[(.*?\.csproj)", line)
    if m:
        removes[os.path.dirname(m.group(2))].add(m.group(1))
for project in set(adds) | set(removes):
    path = os.path.join(project, "PublicAPI.Unshipped.txt")
    lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")] if os.path.exists(path) else ["#nullable enable"]
    body = set(l for l in lines[1:] if l.strip()) - removes[project] | adds[project]
    with open(path, "w", encoding="utf-8") as f:
        f.write("#nullable enable\n" + "".join(s + "\n" for s in sorted(body, key=str.lower)))
    print(f"{path}: +{len(adds[project])} -{len(removes[project])}")
PY
rm -f "$log"
