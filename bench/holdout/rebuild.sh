#!/bin/sh
# Rebuild gold.jsonl and plain/ from corpus/ with the eval-dev build script (not shipped here).
# Usage: sh bench/holdout/rebuild.sh [path/to/eval-dev/build.py]
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=${1:-$HERE/../../../shared/eval-dev/build.py}
TMP=$(mktemp -d)
python3 - "$SRC" "$HERE" "$TMP/build.py" <<'PY'
import re, sys
src, here, dst = sys.argv[1:]
code = open(src, encoding="utf-8").read()
def words(name):
    lines = open(f"{here}/{name}", encoding="utf-8").read().splitlines()
    return " ".join(l for l in lines if l and not l.startswith("#")).split()
places = " ".join(words("place_names.txt"))
negs = ", ".join(repr(w) for w in words("intentional_negatives.txt"))
code, n1 = re.subn(r'PLACE_NAMES = """.*?"""', lambda m: f'PLACE_NAMES = """\n{places}\n"""', code, flags=re.S)
code, n2 = re.subn(r"INTENTIONAL_NEGATIVES = \{.*?\}", lambda m: f"INTENTIONAL_NEGATIVES = {{{negs}}}", code, flags=re.S)
assert n1 == 1 and n2 == 1, "build.py layout changed"
open(dst, "w", encoding="utf-8").write(code)
PY
ln -s "$HERE/corpus" "$TMP/corpus"
python3 "$TMP/build.py"
rm -rf "$HERE/plain"
cp -r "$TMP/plain" "$HERE/plain"
cp "$TMP/gold.jsonl" "$HERE/gold.jsonl"
rm -rf "$TMP"
