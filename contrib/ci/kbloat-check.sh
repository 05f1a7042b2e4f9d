#!/usr/bin/env bash
# The size gate for a patch series in any CI: runs `kbloat check` on the series, writes its
# Markdown report to a file (for a merge request note, a pull request comment or an artifact),
# prints it to the log, and exits as kbloat check does: 0 within the budget (or justified by a
# Size-Justification: trailer), 1 over it or when the head does not build, 2 when the check
# could not run (the report then says why). The GitLab and GitHub jobs beside it call it.
#
#   kbloat-check.sh --base REV --head REV --budget BYTES [--repo DIR] [--report FILE]
#                   [--exact-base] [-- MORE KBLOAT CHECK OPTIONS]
#
# Each option can come from the environment instead: KBLOAT_BASE, KBLOAT_HEAD, KBLOAT_BUDGET,
# KBLOAT_REPO (default: the current directory), KBLOAT_REPORT (default: kbloat-report.md),
# KBLOAT_CHECK_OPTIONS (more options, split at spaces: "--recipe tiny+mod -j 4"). kbloat itself
# reads KBLOAT_DB and KBLOAT_CACHE: keep both between runs, with ccache's CCACHE_DIR, and a base
# measured once is not built again.
#
# The series is measured against the merge base of BASE and HEAD, so that what the target
# branch gained since the series forked is not counted; --exact-base compares with BASE itself.

set -u -o pipefail

usage() {
  echo "usage: kbloat-check.sh --base REV --head REV --budget BYTES [--repo DIR] [--report FILE]" >&2
  echo "                       [--exact-base] [-- MORE KBLOAT CHECK OPTIONS]" >&2
  exit 2
}
fail() { # a cause and its fix, on stderr and in the report; exit 2
  echo "kbloat-check: $1" >&2
  [ -n "${2:-}" ] && echo "  $2" >&2
  printf '### kbloat check: ERROR: %s\n\n%s\n' "$1" "${2:-}" >"$report"
  exit 2
}

base=${KBLOAT_BASE:-}
head=${KBLOAT_HEAD:-}
budget=${KBLOAT_BUDGET:-}
repo=${KBLOAT_REPO:-.}
report=${KBLOAT_REPORT:-kbloat-report.md}
read -ra more <<<"${KBLOAT_CHECK_OPTIONS:-}"
exact_base=
while [ $# -gt 0 ]; do
  case $1 in
    --base | --head | --budget | --repo | --report)
      [ $# -ge 2 ] || usage
      declare "${1#--}=$2"
      shift 2 ;;
    --exact-base) exact_base=1; shift ;;
    --) shift; more+=("$@"); break ;;
    -h | --help) usage ;;
    *) echo "kbloat-check: unknown option $1" >&2; usage ;;
  esac
done
[ -n "$base" ] && [ -n "$head" ] && [ -n "$budget" ] || {
  echo "kbloat-check: --base, --head and --budget are needed (or KBLOAT_BASE, KBLOAT_HEAD, KBLOAT_BUDGET)" >&2
  usage
}
command -v kbloat >/dev/null || fail "kbloat is not on PATH" "install it (npm install -g kbloat-VERSION.tgz) or add its bin folder to PATH"

# both ends as commits: a shallow clone that lacks the base is named, with the fix
for rev in "$base" "$head"; do
  git -C "$repo" rev-parse --verify --quiet "$rev^{commit}" >/dev/null ||
    fail "$rev is not a commit of the repository $repo" \
      "fetch it (git fetch origin $rev), or clone with more history (GitLab: GIT_DEPTH: 0; GitHub: fetch-depth: 0)"
done
if [ -z "$exact_base" ]; then
  fork=$(git -C "$repo" merge-base "$base" "$head") ||
    fail "$base and $head have no merge base in $repo" "fetch more history (git fetch --unshallow), or pass --exact-base to compare with $base itself"
  [ "$fork" = "$(git -C "$repo" rev-parse "$base^{commit}")" ] ||
    echo "kbloat-check: measuring against $fork, the merge base of $base and $head" >&2
  base=$fork
fi

# kbloat's stdout is the report; its stderr (progress, errors) goes to the log and is kept
# for the report when the check cannot run
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
{ kbloat --format md check --repo "$repo" --base "$base" --head "$head" --budget "$budget" "${more[@]}" 2>&1 1>&3 |
  tee "$errors" >&2; } 3>"$report"
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
  {
    printf '### kbloat check: ERROR: the check could not run (exit status %s)\n\n```\n' "$status"
    grep -v '^\[' "$errors" | tail -n 20
    printf '```\n'
  } >"$report"
  status=2
fi
cat "$report"
exit "$status"
