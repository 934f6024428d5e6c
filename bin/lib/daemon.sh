# Shared by bin/lakefs-local and bin/kafka-local: background processes tracked by a PID file.
# A PID only counts as ours while the process is alive AND its command line names our marker
# (its config file), so a stale PID file after a crash or a recycled PID is never mistaken for
# the server, and `stop` never kills anything it did not start.

# daemon_pid PID_FILE MARKER -> prints the PID and returns 0 when our process runs
daemon_pid() {
  local pid_file=$1 marker=$2 pid
  [[ -f $pid_file ]] || return 1
  pid=$(<"$pid_file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker"; then
    printf '%s\n' "$pid"
    return 0
  fi
  return 1
}

# daemon_stop PID_FILE MARKER NAME -> TERM, wait up to 15 s, then KILL
daemon_stop() {
  local pid_file=$1 marker=$2 name=$3 pid
  if pid=$(daemon_pid "$pid_file" "$marker"); then
    kill "$pid"
    for _ in $(seq 1 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -9 "$pid"
    fi
    printf '%s: stopped (pid %s)\n' "$name" "$pid" >&2
  else
    printf '%s: not running\n' "$name" >&2
  fi
  rm -f "$pid_file"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
