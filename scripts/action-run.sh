#!/usr/bin/env bash
# The shell step of the arm-orchlint GitHub Action (action.yml), kept in a file so that it
# can be run and tested outside GitHub.  Inputs arrive as environment variables:
#
#   INPUT_PATHS       files or folders, separated by spaces or newlines (default ".")
#   INPUT_FORMAT      format printed to the log: text (default, with the problem matcher),
#                     github (annotations as workflow commands), or any other --format
#   INPUT_PARAMETERS  parameter files, separated by spaces or newlines (each one -p FILE)
#   INPUT_FAIL_LEVEL  error | warning | note (empty: the configuration file or "warning")
#   INPUT_SARIF_FILE  where to write SARIF (empty: no SARIF)
#   INPUT_ARGS        extra arguments, split on whitespace
#   ACTION_PATH       the action's checkout (for the problem matcher file)
#   ARM_ORCHLINT      the command to run (default "arm-orchlint")
#
# Exit status: the linter's (0 clean, 1 findings at or above the fail level, 2 tool error).
set -uo pipefail
set -f  # no pathname expansion of the inputs; folders are walked by the linter

read -r -a cmd <<<"${ARM_ORCHLINT:-arm-orchlint}"
format="${INPUT_FORMAT:-text}"
action_path="${ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

paths=()
for p in ${INPUT_PATHS:-.}; do paths+=("$p"); done
options=()
for p in ${INPUT_PARAMETERS:-}; do options+=(--parameters "$p"); done
if [ -n "${INPUT_FAIL_LEVEL:-}" ]; then options+=(--fail-level "$INPUT_FAIL_LEVEL"); fi
for a in ${INPUT_ARGS:-}; do options+=("$a"); done

matcher="$action_path/.github/arm-orchlint-matcher.json"
if [ "$format" = "text" ] && [ -f "$matcher" ]; then
  echo "::add-matcher::$matcher"
fi

"${cmd[@]}" check --format "$format" "${options[@]}" -- "${paths[@]}"
status=$?

if [ "$format" = "text" ] && [ -f "$matcher" ]; then
  echo "::remove-matcher owner=arm-orchlint::"
fi

if [ -n "${INPUT_SARIF_FILE:-}" ] && [ "$status" -ne 2 ]; then
  mkdir -p "$(dirname "$INPUT_SARIF_FILE")"
  # The SARIF run never fails the step by itself; the log run above decides.
  GITHUB_STEP_SUMMARY= "${cmd[@]}" check --format sarif --output "$INPUT_SARIF_FILE" --exit-zero "${options[@]}" -- "${paths[@]}"
  sarif_status=$?
  if [ "$sarif_status" -ne 0 ]; then status=$sarif_status; fi
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$status"
    echo "sarif-file=${INPUT_SARIF_FILE:-}"
  } >>"$GITHUB_OUTPUT"
fi
exit "$status"
