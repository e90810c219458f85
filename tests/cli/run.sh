#!/bin/bash
# Command-line tests. Each tests/cli/t_*.sh defines functions named t_<behaviour>;
# every one runs in its own subshell and scratch directory with the helpers below.
# usage: tests/cli/run.sh path/to/hexaglot [t_file.sh ...]
set -u
HX=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export HX ROOT
# every test sees the shipped glossaries, whatever this machine has installed
export HEXAGLOT_GLOSSARIES="$ROOT/glossaries"
files=()
for f in "$@"; do files+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")"); done
[ ${#files[@]} -eq 0 ] && files=("$ROOT"/tests/cli/t_*.sh)

# hx ARGS...: runs hexaglot, keeping status, stdout (out) and stderr (err)
hx() { "$HX" "$@" >out 2>err; status=$?; }
fail() { echo "    FAIL: $*" >&2; echo "    stderr was:" >&2; sed 's/^/      /' err >&2 2>/dev/null; exit 1; }
expect_status() { [ "$status" = "$1" ] || fail "exit status $status, expected $1"; }
expect_err() { grep -qF -- "$1" err || fail "stderr lacks '$1'"; }
expect_no_err() { grep -qF -- "$1" err && fail "stderr has '$1'"; true; }
expect_out() { grep -qF -- "$1" out || fail "stdout lacks '$1'"; }
expect_file() { [ -s "$1" ] || fail "file '$1' missing or empty"; }
expect_no_file() { [ ! -e "$1" ] || fail "file '$1' exists"; }
expect_contains() { grep -qF -- "$2" "$1" || fail "'$1' lacks '$2'"; }
expect_lacks() { grep -qF -- "$2" "$1" && fail "'$1' has '$2'"; true; }
export -f hx fail expect_status expect_err expect_no_err expect_out expect_file expect_no_file \
	expect_contains expect_lacks

pass=0 failed=0 failures=""
for f in "${files[@]}"; do
	for t in $(grep -o '^t_[a-z0-9_]*()' "$f" | tr -d '()'); do
		dir=$(mktemp -d)
		if (cd "$dir" && . "$f" && "$t"); then
			pass=$((pass + 1))
		else
			failed=$((failed + 1))
			failures="$failures $(basename "$f"):$t"
			echo "FAIL $(basename "$f"): $t" >&2
		fi
		rm -rf "$dir"
	done
done
echo "cli: $pass passed, $failed failed"
[ $failed -eq 0 ] || { echo "failed:$failures" >&2; exit 1; }
