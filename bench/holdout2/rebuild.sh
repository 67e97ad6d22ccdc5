#!/bin/sh
# Rebuild gold.jsonl and plain/ from corpus/ with eval-dev's build.py.
# build.py is copied to a temporary directory (it is not part of this repo); its
# PLACE_NAMES list and INTENTIONAL_NEGATIVES allowlist are replaced with the ones in
# place_names.txt and intentional_negatives.txt.  Usage: sh bench/holdout2/rebuild.sh
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${EVAL_DEV_BUILD:-"$HERE/../../../shared/eval-dev/build.py"}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cp -r "$HERE/corpus" "$TMP/corpus"
python3 - "$BUILD" "$TMP/build.py" "$HERE" <<'PY'
import re, sys
src, dst, here = sys.argv[1:4]
code = open(src, encoding="utf-8").read()
def words(name):
    lines = open(f"{here}/{name}", encoding="utf-8").read().splitlines()
    return [w for ln in lines if not ln.startswith("#") for w in ln.split()]
code, n1 = re.subn(r'PLACE_NAMES = """.*?""".split\(\)',
                   lambda m: "PLACE_NAMES = " + repr(words("place_names.txt")), code, flags=re.S)
code, n2 = re.subn(r"INTENTIONAL_NEGATIVES = \{.*?\}",
                   lambda m: "INTENTIONAL_NEGATIVES = " + repr(set(words("intentional_negatives.txt"))),
                   code, flags=re.S)
assert n1 == 1 and n2 == 1, "build.py layout changed; update rebuild.sh"
open(dst, "w", encoding="utf-8").write(code)
PY
python3 "$TMP/build.py"
rm -rf "$HERE/plain"
cp -r "$TMP/plain" "$HERE/plain"
cp "$TMP/gold.jsonl" "$HERE/gold.jsonl"
