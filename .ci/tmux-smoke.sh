#!/usr/bin/env bash
# Drives a full-screen program in a real terminal (a private tmux server, 120x40): waits for its
# first screen, sends keys, resizes, quits with a key, with Ctrl-C and with SIGTERM, and checks
# each time that the program used the alternate screen and gave the terminal back afterwards.
#
# Usage: .ci/tmux-smoke.sh BINARY [ARGS...]
#   SMOKE_TIMEOUT  seconds to wait for any one expectation (default 10)
#   SMOKE_HOOKS    a bash file sourced after the default checks below, to override them
set -euo pipefail

# ---- App-specific checks: adapt these to the UI (or override them in $SMOKE_HOOKS). ----------
# Each runs while the program is on screen; use `wait_for_text REGEX`, `wait_for_no_text REGEX`,
# `send KEY...`, `resize WIDTH HEIGHT`, `screen`. These defaults drive folioscope on the
# mixed-eight scenario (`.ci/tmux-smoke.sh .build/debug/folioscope mixed-eight`). Patterns accept
# the ASCII stand-ins (x for ×, | for ·) drawn when the locale is not UTF-8.

# The first frame is up: the scenario title and step 0 in the header.
check_started() {
  wait_for_text '^Eight slots, eight fates '
  wait_for_text 'step 0 / 39 *$'
}
# Keys that should work on the first screen, with what each should show.
check_keys() {
  send Right
  wait_for_text 'step 1 / 39 *$'
  send Left
  wait_for_text 'step 0 / 39 *$'
  # The next phase boundaries: setup starts at step 1, collect at step 3.
  send n
  wait_for_text '^Eight slots, eight fates (·|\|) v7\.0 (·|\|) setup .*step 1 / 39 *$'
  send n
  wait_for_text '^Eight slots, eight fates (·|\|) v7\.0 (·|\|) collect .*step 3 / 39 *$'
  send g 1 2
  wait_for_text 'go to step: 12'
  send Enter
  wait_for_text 'step 12 / 39 *$'
  send '?'
  wait_for_text '\?, Esc or q closes'
  send '?'
  wait_for_no_text '\?, Esc or q closes'
  send '?'
  wait_for_text '\?, Esc or q closes'
  send Escape
  wait_for_no_text '\?, Esc or q closes'
  send '?'
  wait_for_text '\?, Esc or q closes'
  send q
  wait_for_no_text '\?, Esc or q closes'
  wait_for_text 'step 12 / 39 *$'
}
# Resizes and what each should show: still drawn at the 80x24 minimum, a clear message below it,
# and the full screen again once there is room.
check_resized() {
  resize 80 24
  wait_for_text 'step 12 / 39 *$'
  wait_for_text '^←→ step|^<> step'
  resize 60 20
  wait_for_text 'needs at least 80(×|x)24'
  wait_for_text 'have 60(×|x)20'
  resize 120 40
  wait_for_no_text 'needs at least'
  wait_for_text 'step 12 / 39 *$'
  wait_for_text 'Migrate arrays'
}
# The key that quits normally.
QUIT_KEY=q
# -----------------------------------------------------------------------------------------------

if [[ -n "${SMOKE_HOOKS:-}" ]]; then
  # shellcheck source=/dev/null
  source "$SMOKE_HOOKS"
fi

(($# >= 1)) || { echo "usage: $0 BINARY [ARGS...]" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tmux-smoke: tmux is not installed" >&2; exit 2; }
binary=$(realpath "$1")
shift
timeout=${SMOKE_TIMEOUT:-10}
workdir=$(mktemp -d)
# A private server on a socket of our own: never touches anyone else's tmux sessions.
socket="$workdir/tmux.sock"
session=smoke
trap 'tmux -S "$socket" kill-server 2>/dev/null || true; rm -rf "$workdir"' EXIT

screen() { tmux -S "$socket" capture-pane -t "$session" -p "$@"; }
send() { tmux -S "$socket" send-keys -t "$session" "$@"; }
pane_format() { tmux -S "$socket" display-message -p -t "$session" "$1"; }

fail() {
  echo "tmux-smoke: FAIL: $*" >&2
  echo "---- screen ----" >&2
  screen >&2 || true
  exit 1
}

# Polls until `condition ARGS` succeeds, instead of sleeping a fixed time.
wait_until() {
  local what=$1 deadline=$((SECONDS + timeout))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || fail "timed out after ${timeout}s waiting for $what"
    sleep 0.1
  done
}
screen_matches() { screen | grep -qE -- "$1"; }
wait_for_text() { wait_until "/$1/ on screen" screen_matches "$1"; }
screen_lacks() { ! screen_matches "$1"; }
wait_for_no_text() { wait_until "/$1/ to leave the screen" screen_lacks "$1"; }
resize() {
  tmux -S "$socket" resize-window -t "$session" -x "$1" -y "$2"
  wait_until "the pane to be $1x$2" test "$(pane_format '#{pane_width}x#{pane_height}')" = "$1x$2"
}
exited() { [[ -s "$workdir/status" ]]; }

# Starts the program in a fresh session; it records its pid (for kill) and later its exit status.
start() {
  rm -f "$workdir/pid" "$workdir/status"
  {
    echo 'echo $$ > "$SMOKE_PIDFILE"'
    printf 'SWIFT_BACKTRACE=interactive=no exec'
    printf ' %q' "$binary" "$@"
    echo
  } >"$workdir/run.sh"
  # The pane outlives the program (sleep) so its exit status and alternate_on can be read.
  tmux -S "$socket" new-session -d -s "$session" -x 120 -y 40 \
    -e "SMOKE_PIDFILE=$workdir/pid" \
    "bash '$workdir/run.sh'; echo \$? > '$workdir/status'; sleep 600"
  wait_until "the program to start" test -s "$workdir/pid"
  check_started
  [[ $(pane_format '#{alternate_on}') == 1 ]] || fail "the program is not on the alternate screen"
}

# Waits for the program to end with `expected` status and checks the terminal was restored.
expect_exit() {
  local how=$1 expected=$2
  wait_until "the program to exit after $how" exited
  local status
  status=$(<"$workdir/status")
  [[ $status == "$expected" ]] || fail "exit status $status after $how, expected $expected"
  [[ $(pane_format '#{alternate_on}') == 0 ]] || fail "alternate screen still on after $how"
  tmux -S "$socket" kill-session -t "$session"
  echo "tmux-smoke: ok: $how (exit $status, terminal restored)"
}

start "$@"
check_keys
check_resized
send "$QUIT_KEY"
expect_exit "quit key $QUIT_KEY" 0

start "$@"
send C-c
expect_exit "Ctrl-C" 0

start "$@"
kill -TERM "$(<"$workdir/pid")"
expect_exit "SIGTERM" 143
