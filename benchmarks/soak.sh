#!/usr/bin/env bash
# Soak: minutes of mixed redirects, admin writes and ClickHouse pauses against one Waymark with
# Redis and ClickHouse, then the books are checked: every hit the redirect path recorded is in
# ClickHouse exactly once (rows == recorded == distinct hit ids, and the daily rollup agrees), no
# admin write was lost, no 5xx answered. Writes benchmarks/SOAK.md.
#
#   benchmarks/soak.sh                         10 minutes, 5,000 redirects/s, 10,000 links
#   benchmarks/soak.sh --minutes 2 --rate 2000 a short one
#   benchmarks/soak.sh --minutes 3 --pause 40   every pause 40 s
#
# ClickHouse is paused (SIGSTOP) again and again for 10 to 50 s, longer than the sink's 30 s
# insert timeout about half the time, so inserts time out before and after the server committed
# them. Loopback only, own ports (Waymark 18290/18291, Redis 16479,
# ClickHouse 18323/19300), own data dir; everything started here is stopped on exit.
set -euo pipefail

MINUTES=10 RATE=5000 LINKS=10000 PAUSE=""
while (( $# )); do
  case "$1" in
    --minutes) MINUTES=${2:?}; shift ;;
    --pause) PAUSE=${2:?}; shift ;;
    --rate) RATE=${2:?}; shift ;;
    --links) LINKS=${2:?}; shift ;;
    *) echo "usage: $0 [--minutes N] [--rate R] [--links N] [--pause SECONDS]" >&2; exit 64 ;;
  esac
  shift
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/redirector/target/waymark.jar"
GEN_JAR="$ROOT/benchmarks/target/benchmarks.jar"
WORK=$(mktemp -d /tmp/waymark-soak.XXXXXX)
HOST=127.0.0.1
HTTP_PORT=18290 ADMIN_PORT=18291 REDIS_PORT=16479 CH_HTTP_PORT=18323 CH_TCP_PORT=19300
CH_DB=waymark_soak
SECONDS_TOTAL=$(( MINUTES * 60 ))

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
services() {
  env WAYMARK_SERVICES_DIR="$WORK/services" WAYMARK_SERVICES_REDIS_PORT=$REDIS_PORT \
    WAYMARK_SERVICES_CLICKHOUSE_HTTP_PORT=$CH_HTTP_PORT WAYMARK_SERVICES_CLICKHOUSE_TCP_PORT=$CH_TCP_PORT \
    "$ROOT/scripts/services.sh" "$@"
}
ch() { curl -sf "http://$HOST:$CH_HTTP_PORT/" --data-binary "$1"; }
ch_pid() { cat "$WORK/services/clickhouse/clickhouse.pid"; }

PIDS=()
cleanup() {
  # A paused ClickHouse must never outlive the run.
  [[ -f $WORK/services/clickhouse/clickhouse.pid ]] && kill -CONT "$(ch_pid)" 2>/dev/null || true
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  services stop >/dev/null 2>&1 || true
  rm -rf "$WORK/services" "$WORK/data"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ ! -f $JAR || ! -f $GEN_JAR ]] || [[ -n $(cd "$ROOT" && find pom.xml ./*/pom.xml ./*/src/main \
    -type f \( -newer "$JAR" -o -newer "$GEN_JAR" \) -print -quit) ]]; then
  log "build"
  (cd "$ROOT" && mvn -q -DskipTests package)
fi

log "work=$WORK: starting Redis and ClickHouse"
eval "$(services start)"
export WAYMARK_ADMIN_API_KEY
WAYMARK_ADMIN_API_KEY="soak-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
WAYMARK_REDIS_URL="redis://$HOST:$REDIS_PORT/0"
env WAYMARK_DATA_DIR="$WORK/data" WAYMARK_HTTP_HOST=$HOST WAYMARK_ADMIN_HOST=$HOST \
  WAYMARK_HTTP_PORT=$HTTP_PORT WAYMARK_ADMIN_PORT=$ADMIN_PORT WAYMARK_REDIS_URL="$WAYMARK_REDIS_URL" \
  WAYMARK_CLICKHOUSE_URL="http://$HOST:$CH_HTTP_PORT" WAYMARK_CLICKHOUSE_DATABASE=$CH_DB \
  WAYMARK_HIT_RETRY_MAX_BACKOFF=5s \
  java -Xmx512m -jar "$JAR" >"$WORK/waymark.log" 2>&1 &
WM_PID=$!
PIDS+=("$WM_PID")
until curl -sf "http://$HOST:$ADMIN_PORT/health/live" >/dev/null 2>&1; do
  kill -0 "$WM_PID" 2>/dev/null || { tail -20 "$WORK/waymark.log" >&2; exit 1; }
  sleep 0.2
done
metric() {
  curl -sf -H "Authorization: Bearer $WAYMARK_ADMIN_API_KEY" "http://$HOST:$ADMIN_PORT/metrics" \
    | awk -v m="$1" '$1 == m || index($1, m "{") == 1 {s += $2} END {printf "%d", s}'
}

log "seed $LINKS links"
# A re-run only creates what is missing (409 counts as done): a busy machine may time out a batch.
for attempt in 1 2 3; do
  java -cp "$GEN_JAR" dev.waymark.bench.LinkSeeder --host $HOST --port $ADMIN_PORT -n "$LINKS" >"$WORK/seed.txt" 2>&1 \
    && break
  log "seeding attempt $attempt: $(tail -1 "$WORK/seed.txt")"
  (( attempt < 3 )) || exit 1
done
tail -1 "$WORK/seed.txt" >&2

log "soak for $MINUTES min: $RATE redirects/s, admin patch pairs, ClickHouse pauses"
java -Xmx1g -cp "$GEN_JAR" dev.waymark.bench.LoadGenerator --host $HOST --port $HTTP_PORT --mode open \
  -R "$RATE" -c 32 --warmup 0 -d "$SECONDS_TOTAL" --generate "$LINKS" --json "$WORK/load.json" \
  >"$WORK/load.txt" 2>&1 &
LOAD_PID=$!
PIDS+=("$LOAD_PID")
java -cp "$GEN_JAR" dev.waymark.bench.AdminChurn --host $HOST --port $ADMIN_PORT -n "$LINKS" -c 4 -R 50 \
  -d "$SECONDS_TOTAL" --json "$WORK/churn.json" >"$WORK/churn.txt" 2>&1 &
CHURN_PID=$!
PIDS+=("$CHURN_PID")

# Pauses: 20-40 s of service, then 10-50 s stopped, until the soak's last minute.
PAUSES=() end=$(( SECONDS + SECONDS_TOTAL - 60 ))
while (( SECONDS + 90 < end )); do
  sleep $(( 20 + RANDOM % 21 ))
  pause=${PAUSE:-$(( 10 + RANDOM % 41 ))}
  log "ClickHouse paused for $pause s"
  kill -STOP "$(ch_pid)"
  sleep "$pause"
  kill -CONT "$(ch_pid)"
  PAUSES+=("$pause")
done
wait "$LOAD_PID" || true
wait "$CHURN_PID" || true
log "load done; waiting for the sink to deliver every hit"

recorded=$(metric waymark_hits_offered_total)
rows=0 last=-1 still=0
for _ in $(seq 1 600); do
  rows=$(ch "SELECT count() FROM $CH_DB.hits FORMAT TSV" || echo 0)
  (( rows >= recorded )) && break
  if (( rows == last )); then still=$(( still + 1 )); else still=0; last=$rows; fi
  (( still >= 120 )) && break
  sleep 0.5
done
sleep 2  # anything still arriving would show as a double now
read -r rows ids < <(ch "SELECT count(), uniqExact(hit_id) FROM $CH_DB.hits FORMAT TSV")
daily=$(ch "SELECT countMerge(hits) FROM $CH_DB.hits_daily FORMAT TSV" || echo "?")
doubled_batches=$(ch "SELECT count() FROM (SELECT batch_id, count() AS n, uniqExact(hit_id) AS u FROM $CH_DB.hits GROUP BY batch_id HAVING n > u) FORMAT TSV")
avoided=$(metric waymark_analytics_duplicates_avoided_total)
fence="waits $(metric waymark_analytics_insert_fence_waits_total), kills $(metric waymark_analytics_insert_fence_kills_total), same-batch refusals $(metric waymark_analytics_insert_same_batch_refusals_total), retries $(metric waymark_analytics_retries_total)"
# For each doubled batch: its rows, distinct hits, and when each copy arrived (received_at).
doubled_detail=$(ch "SELECT batch_id, count(), uniqExact(hit_id), groupUniqArray(received_at) FROM $CH_DB.hits
  GROUP BY batch_id HAVING count() > uniqExact(hit_id) FORMAT TSV" | sed 's/^/    /')
dropped=$(( $(metric waymark_hits_dropped_total) + $(metric waymark_analytics_dropped_total) ))
answered=$(jq -r '.responses' "$WORK/load.json")
errors=$(jq -r '.errors' "$WORK/load.json")
statuses=$(jq -c '.statuses' "$WORK/load.json")
churn=$(jq -c '.' "$WORK/churn.json")
lost=$(jq -r '.lostUpdates' "$WORK/churn.json")
admin_5xx=$(jq '[.statuses | to_entries[] | select(.key | test(" 5[0-9][0-9]$")) | .value] | add // 0' "$WORK/churn.json")
redirect_5xx=$(jq '[.statuses | to_entries[] | select(.key | test("^5")) | .value] | add // 0' "$WORK/load.json")

verdict=PASS
(( rows == recorded && ids == rows && doubled_batches == 0 && lost == 0 && admin_5xx == 0 )) || verdict=FAIL
[[ $daily == "$rows" ]] || verdict=FAIL

cat >"$ROOT/benchmarks/SOAK.md" <<EOF
# Soak: $verdict

\`benchmarks/soak.sh --minutes $MINUTES --rate $RATE --links $LINKS\`, $(date -u +%FT%TZ), $(nproc) cores,
$(ch "SELECT version() FORMAT TSV" | sed 's/^/ClickHouse /'), Redis $(redis-server --version | grep -o 'v=[0-9.]*' | cut -c3-).
One Waymark (links in Redis, hits to ClickHouse, insert timeout 30 s), an open-loop load of
$RATE redirects/s over $LINKS links, 50 pairs a second of concurrent admin patches of one link (four pairs in flight
at most, each pair then read back), a new link every 20 pairs, and ClickHouse stopped (SIGSTOP) ${#PAUSES[@]} times,
for ${PAUSES[*]:-no} seconds.

| what | figure |
|---|---|
| redirects answered (load generator) | $answered (no answer: $errors) |
| redirect statuses | \`$statuses\` |
| redirect 5xx | $redirect_5xx |
| hits recorded by the redirect path | $recorded |
| rows in \`hits\` | $rows |
| distinct hit ids | $ids |
| batches stored more than once | $doubled_batches |
| rows in \`hits_daily\` (countMerge) | $daily |
| duplicate rows avoided by the check before a re-send | $avoided |
| insert fence (outcome unknown) | $fence |
| hits dropped (counted) | $dropped |
| admin: lost updates | $lost |
| admin: 5xx answers | $admin_5xx |
| admin: all answers | \`$churn\` |

${doubled_detail:+Doubled batches (batch id, rows, distinct hits, received_at of the copies):

$doubled_detail

}Pass means: rows == recorded == distinct ids == the daily rollup's count, no batch doubled, no lost
update, no admin 5xx. Redirect answers and recorded hits differ by the requests the generator gave up
on (no answer within its timeout) and the start-up probes.
EOF
log "soak $verdict: recorded $recorded, rows $rows, ids $ids, daily $daily, doubled batches $doubled_batches, lost updates $lost"
[[ $verdict == PASS ]]
