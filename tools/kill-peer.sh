#!/usr/bin/env bash
# Two instances under load, the second one killed with kill -9 and restarted, while balance queries go
# to the first; then verify. Needs ./loyalty, curl and python3 (tools/balance-queries.py, standard library).
#
#   tools/kill-peer.sh [KILLS]          (default 3)
#
# Instance A embeds the broker, B joins it with --bootstrap-servers. simulate sends RATE events/s
# (1000) for a warm-up of WARMUP seconds (30), then B is killed, started again RESTART_AFTER seconds
# (10) later and given PERIOD seconds (40) from its kill or until it is ready, KILLS times, while
# tools/balance-queries.py asks A for QUERY_RATE balances a second (50) of the customers it knew at
# the start, until 20 s after the last restart; B is asked for 20 balances as soon as it is ready
# again. Environment: KAFKA_PORT (19092), HTTP_PORT (18080; B on the next port), DATA_DIR (a new
# temporary directory), LOYALTY (the command instead of ./loyalty).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
loyalty="${LOYALTY:-$root/loyalty}"
kills="${1:-3}"
kafka_port="${KAFKA_PORT:-19092}"
port_a="${HTTP_PORT:-18080}"
port_b=$((port_a + 1))
data_dir="${DATA_DIR:-$(mktemp -d)}"
mkdir -p "$data_dir"
rate="${RATE:-1000}"
warmup="${WARMUP:-30}"
period="${PERIOD:-40}"
restart_after="${RESTART_AFTER:-10}"
query_rate="${QUERY_RATE:-50}"
customers="${CUSTOMERS:-10000}"
pids=()
pid_b=""

cleanup() {
    for pid in "${pids[@]}" $pid_b; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

wait_ready() {
    until curl -sf -o /dev/null "http://localhost:$1/health/ready"; do sleep 0.05; done
}

start_b() {
    $loyalty run --bootstrap-servers "localhost:$kafka_port" --http-port "$port_b" --data-dir "$data_dir/B" \
        --application-server "localhost:$port_b" >>"$data_dir/B.log" 2>&1 &
    pid_b=$!
}

# What B answers for 20 customers right after it says it is ready: 200, or 404 for a customer simulate has
# not reached yet; never 503.
first_answers() {
    local n
    for n in $(shuf -i 0-$((customers - 1)) -n 20); do
        curl -s -o /dev/null -w '%{http_code}\n' "http://localhost:$port_b/customers/sim-7-c$n"
    done | sort | uniq -c | awk '{printf " %s x%s", $2, $1}'
}

echo "data in $data_dir"
$loyalty run --kafka-port "$kafka_port" --http-port "$port_a" --data-dir "$data_dir/A" \
    --application-server "localhost:$port_a" >>"$data_dir/A.log" 2>&1 &
pids+=($!)
wait_ready "$port_a"
start_b
wait_ready "$port_b"
$loyalty simulate --kafka-port "$kafka_port" --rate "$rate" --duration 1h --customers "$customers" \
    --seed 7 >>"$data_dir/simulate.log" 2>&1 &
pids+=($!)
sim_pid=$!
# The warm-up counts from the first events simulate reports sent (its JVM takes a while to start).
until grep -qs ' [1-9][0-9,]* events [1-9]' "$data_dir/simulate.log"; do sleep 0.2; done
sleep "$warmup"
python3 "$root/tools/balance-queries.py" "http://localhost:$port_a" 3600 --rate "$query_rate" \
    --customers "$customers" --started-file "$data_dir/queries.started" >"$data_dir/queries.json" &
pids+=($!)
query_pid=$!
until [[ -f "$data_dir/queries.started" ]]; do sleep 0.2; done
for ((i = 1; i <= kills; i++)); do
    sleep $((period - restart_after))
    echo "$(date +%T) kill -9 B"
    kill -9 "$pid_b"
    wait "$pid_b" 2>/dev/null || true
    sleep "$restart_after"
    echo "$(date +%T) start B"
    started=$(date +%s.%N)
    start_b
    wait_ready "$port_b"
    echo "$(date +%T) B ready after $(echo "$(date +%s.%N) - $started" | bc | xargs printf '%.1f') s (load average $(cut -d' ' -f1 /proc/loadavg))"
    echo "$(date +%T) B's first answers:$(first_answers)"
done
sleep 20
kill "$query_pid" "$sim_pid"
wait "$query_pid"
echo "balance queries to A (load average $(cut -d' ' -f1 /proc/loadavg)):"
cat "$data_dir/queries.json"
# The views may still be catching up with the ledger: verify again until they agree (at most a minute).
for attempt in 1 2 3 4 5 6; do
    sleep 10
    if $loyalty verify --kafka-port "$kafka_port" --views-url "http://localhost:$port_a" >"$data_dir/verify.out" 2>&1; then
        tail -1 "$data_dir/verify.out"
        break
    fi
    tail -1 "$data_dir/verify.out"
done
