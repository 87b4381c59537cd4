#!/usr/bin/env bash
# The shell step of the arm-orchlint GitHub Action (action.yml), kept in a file so that it
# can be run and tested outside GitHub.  Inputs arrive as environment variables:
#
#   INPUT_PATHS       files or folders (default "."): one per line, or separated by blanks
#                     when given on one line
#   INPUT_FORMAT      format printed to the log: text (default, with the problem matcher),
#                     github (annotations as workflow commands), or any other --format
#   INPUT_PARAMETERS  parameter files, as INPUT_PATHS (each one becomes -p FILE)
#   INPUT_FAIL_LEVEL  error | warning | note (empty: the configuration file or "warning")
#   INPUT_SARIF_FILE  where to write SARIF (empty: no SARIF)
#   INPUT_ARGS        extra arguments: one per line, or separated by blanks on one line
#   ACTION_PATH       the action's checkout (for the problem matcher file)
#   ARM_ORCHLINT      the arm-orchlint executable, one path (spaces allowed; default
#                     "arm-orchlint" from PATH)
#
# A list with a newline in it is split on newlines only, so a path or an argument may hold
# blanks ("infra/my templates"); on one line it is split on blanks.  The linter runs once:
# the log format and the SARIF file come from the same run (--format FORMAT=FILE).
#
# Exit status: the linter's (0 clean, 1 findings at or above the fail level, 2 tool error).
set -uo pipefail
set -f  # no pathname expansion of the inputs; folders are walked by the linter

# split_list VALUE: the items of a list input, one per line on stdout
split_list() {
  local value="$1" line item
  if [[ "$value" == *$'\n'* ]]; then
    while IFS= read -r line; do
      line="${line%$'\r'}"
      line="${line#"${line%%[![:space:]]*}"}"   # trim leading blanks
      line="${line%"${line##*[![:space:]]}"}"   # and trailing ones
      [ -n "$line" ] && printf '%s\n' "$line"
    done <<<"$value"
  else
    for item in $value; do printf '%s\n' "$item"; done
  fi
}

cmd=("${ARM_ORCHLINT:-arm-orchlint}")
format="${INPUT_FORMAT:-text}"
action_path="${ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

paths=()
while IFS= read -r p; do paths+=("$p"); done < <(split_list "${INPUT_PATHS:-.}")
[ "${#paths[@]}" -eq 0 ] && paths=(.)
options=()
while IFS= read -r p; do options+=(--parameters "$p"); done < <(split_list "${INPUT_PARAMETERS:-}")
if [ -n "${INPUT_FAIL_LEVEL:-}" ]; then options+=(--fail-level "$INPUT_FAIL_LEVEL"); fi
while IFS= read -r a; do options+=("$a"); done < <(split_list "${INPUT_ARGS:-}")

formats=(--format "$format")
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  mkdir -p "$(dirname "$INPUT_SARIF_FILE")"
  formats+=(--format "sarif=$INPUT_SARIF_FILE")
fi

matcher="$action_path/.github/arm-orchlint-matcher.json"
if [ "$format" = "text" ] && [ -f "$matcher" ]; then
  echo "::add-matcher::$matcher"
fi

"${cmd[@]}" check "${formats[@]}" "${options[@]}" -- "${paths[@]}"
status=$?

if [ "$format" = "text" ] && [ -f "$matcher" ]; then
  echo "::remove-matcher owner=arm-orchlint::"
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$status"
    echo "sarif-file=${INPUT_SARIF_FILE:-}"
  } >>"$GITHUB_OUTPUT"
fi
exit "$status"
