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
# Each runs while the program is on screen; use `wait_for_text REGEX`, `send KEY...`, `screen`.

# The first frame is up.
check_started() { wait_for_text '[^[:space:]]'; }
# Keys that should work on the first screen, with what each should show.
check_keys() { :; }
# After `tmux resize-window -x 100 -y 30` the program redrew for the new size.
check_resized() { wait_for_text '[^[:space:]]'; }
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
tmux -S "$socket" resize-window -t "$session" -x 100 -y 30
check_resized
send "$QUIT_KEY"
expect_exit "quit key $QUIT_KEY" 0

start "$@"
send C-c
expect_exit "Ctrl-C" 0

start "$@"
kill -TERM "$(<"$workdir/pid")"
expect_exit "SIGTERM" 143
