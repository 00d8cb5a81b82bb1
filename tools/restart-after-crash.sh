#!/usr/bin/env bash
# Measures how long ./loyalty run takes to be ready again after kill -9 under load, against a clean
# restart (SIGTERM) on the same data, then checks the ledger with verify. Uses only ./loyalty and curl.
#
#   tools/restart-after-crash.sh [ROUNDS]          (default 3 crashes, then 1 clean restart)
#
# Environment: KAFKA_PORT (19092), HTTP_PORT (18080), DATA_DIR (a new temporary directory),
# EXTERNAL_BROKER=1 to run the broker as its own process (./loyalty broker on KAFKA_PORT, never killed)
# and kill only the application, as in a deployment on a cluster,
# RATE events/s of the load (1000), LOAD_SECONDS of load before each kill (20), LOYALTY_JAVA_OPTS, and
# LOYALTY, the command to run instead of ./loyalty (e.g. "java -jar /elsewhere/loyalty-app.jar", an older build).
# Prints one line per restart: seconds from launching run to the first 200 of /health/ready, and to
# the first answered balance query (200 or 404, not 503), with the load average at that moment.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
loyalty="${LOYALTY:-$root/loyalty}"
rounds="${1:-3}"
kafka_port="${KAFKA_PORT:-19092}"
http_port="${HTTP_PORT:-18080}"
data_dir="${DATA_DIR:-$(mktemp -d)}"
mkdir -p "$data_dir"
rate="${RATE:-1000}"
load_seconds="${LOAD_SECONDS:-20}"
customer="sim-7-c1"
run_pid=""
sim_pid=""
broker_pid=""
kafka=(--kafka-port "$kafka_port")
if [[ -n "${EXTERNAL_BROKER:-}" ]]; then
    kafka=(--bootstrap-servers "localhost:$kafka_port")
fi

cleanup() {
    [[ -n "$sim_pid" ]] && kill "$sim_pid" 2>/dev/null || true
    [[ -n "$run_pid" ]] && kill "$run_pid" 2>/dev/null && wait "$run_pid" 2>/dev/null || true
    [[ -n "$broker_pid" ]] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null || true
}
trap cleanup EXIT

now() { date +%s.%N; }
seconds_since() { echo "$(now) - $1" | bc | xargs printf '%.1f'; }

# Starts run in the background (./loyalty execs java, so this pid is the JVM's) and waits until it is
# ready and answers a balance query; prints both delays.
start_and_time() {
    local kind="$1" started ready_after answered_after
    started="$(now)"
    $loyalty run "${kafka[@]}" --http-port "$http_port" --data-dir "$data_dir" \
        >>"$data_dir/run.log" 2>&1 &
    run_pid=$!
    until curl -sf -o /dev/null "http://localhost:$http_port/health/ready"; do
        kill -0 "$run_pid" 2>/dev/null || { echo "run stopped; see $data_dir/run.log" >&2; exit 1; }
        sleep 0.05
    done
    ready_after="$(seconds_since "$started")"
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$http_port/customers/$customer")" =~ ^(200|404)$ ]]; do
        sleep 0.05
    done
    answered_after="$(seconds_since "$started")"
    printf '%-14s ready %5s s   first query answered %5s s   load average %s\n' "$kind" "$ready_after" \
        "$answered_after" "$(cut -d' ' -f1 /proc/loadavg)"
}

# Load for LOAD_SECONDS from the first event simulate reports sent (its JVM takes a while to start).
load() {
    local log="$data_dir/simulate-$(date +%s).log"
    $loyalty simulate "${kafka[@]}" --rate "$rate" --duration 1h --customers 10000 --seed 7 \
        >"$log" 2>&1 &
    sim_pid=$!
    until grep -qs ' [1-9][0-9,]* events [1-9]' "$log"; do
        kill -0 "$sim_pid" 2>/dev/null || { echo "simulate stopped; see $log" >&2; exit 1; }
        sleep 0.2
    done
    sleep "$load_seconds"
}

stop_load() {
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
    sim_pid=""
}

echo "data in $data_dir; $rate events/s for ${load_seconds}s before each kill"
if [[ -n "${EXTERNAL_BROKER:-}" ]]; then
    $loyalty broker --kafka-port "$kafka_port" --data-dir "$data_dir/broker" >>"$data_dir/broker.log" 2>&1 &
    broker_pid=$!
    until (exec 3<>"/dev/tcp/localhost/$kafka_port") 2>/dev/null; do
        kill -0 "$broker_pid" 2>/dev/null || { echo "broker stopped; see $data_dir/broker.log" >&2; exit 1; }
        sleep 0.2
    done
    echo "broker on port $kafka_port (pid $broker_pid), not killed"
fi
start_and_time "first start"
for ((i = 1; i <= rounds; i++)); do
    load
    kill -9 "$run_pid"
    wait "$run_pid" 2>/dev/null || true
    stop_load
    start_and_time "after kill -9"
done
load
stop_load
kill "$run_pid"
wait "$run_pid" 2>/dev/null || true
start_and_time "clean restart"
# The views may still be catching up with the ledger: verify again until they agree (at most a minute).
for attempt in 1 2 3 4 5 6; do
    sleep 10
    if $loyalty verify "${kafka[@]}" --views-url "http://localhost:$http_port" >"$data_dir/verify.out" 2>&1; then
        tail -1 "$data_dir/verify.out"
        break
    fi
    tail -1 "$data_dir/verify.out"
done
