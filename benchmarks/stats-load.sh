#!/usr/bin/env bash
# Does stats load slow the redirect? Seeds this run's ClickHouse with N hits (StatsBench: 90 days,
# 1,000 links, 5,000 touchpoints), starts Waymark tracking to it (its stats API reads the same
# database), and measures redirects with wrk: Waymark alone, then Waymark while 4 stats clients
# ask summary, a 90-day daily series, a breakdown by touchpoint and a funnel back to back. nginx
# `return 302` right before each, as the yardstick of the same moment. Then the same two at a fixed
# offered rate (h2load --rps), for the latency of each redirect. Servers on core 1, the load
# generators and the stats clients on core 0, ClickHouse on core 0 as an idle-class process
# (SCHED_IDLE, nice 19: it runs only when the generator leaves the core free, as if it were
# another machine, which it is in production). Prints Markdown tables; paste them into RESULTS.md.
#
#   benchmarks/stats-load.sh [--hits N] [--seconds S] [--rounds R] [--rate N]
#                            (defaults 10000000, 10, 2, 30000 redirects/s; --rate 0 skips that part)
#
# Needs the jars (mvn -o -q package -DskipTests -DskipITs), wrk, h2load (nghttp2-client) and
# nginx. Loopback only; every process started here is stopped on exit.
set -euo pipefail

HITS=10000000 SECONDS_PER_RUN=10 ROUNDS=2 RATE=30000
while (( $# )); do
  case "$1" in
    --hits) HITS=${2:?}; shift ;;
    --seconds) SECONDS_PER_RUN=${2:?}; shift ;;
    --rounds) ROUNDS=${2:?}; shift ;;
    --rate) RATE=${2:?}; shift ;;
    *) echo "usage: $0 [--hits N] [--seconds S] [--rounds R] [--rate N]" >&2; exit 64 ;;
  esac
  shift
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/nginx.sh
source "$ROOT/benchmarks/scripts/nginx.sh"
JAR="$ROOT/redirector/target/waymark.jar"
GEN_JAR="$ROOT/benchmarks/target/benchmarks.jar"
WORK=$(mktemp -d /tmp/waymark-stats-load.XXXXXX)
SERVER_CPU=1 GEN_CPU=0 HOST=127.0.0.1 CONNS=50 CLIENTS=4
NGINX_PORT=${WAYMARK_BENCH_NGINX_PORT:-18080}
WM_HTTP_PORT=${WAYMARK_BENCH_HTTP_PORT:-18090}
WM_ADMIN_PORT=${WAYMARK_BENCH_ADMIN_PORT:-18091}
CH_HTTP_PORT=${WAYMARK_BENCH_CLICKHOUSE_HTTP_PORT:-18223}
CH_TCP_PORT=${WAYMARK_BENCH_CLICKHOUSE_TCP_PORT:-19200}
CH_DB=waymark_stats_load
KEY=stats-load-bench-key-0123456789
UA="Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
services() {
  taskset -c "$GEN_CPU" chrt --idle 0 nice -n 19 env WAYMARK_SERVICES_DIR="$WORK/services" WAYMARK_SERVICES_CLICKHOUSE_HTTP_PORT="$CH_HTTP_PORT" \
    WAYMARK_SERVICES_CLICKHOUSE_TCP_PORT="$CH_TCP_PORT" "$ROOT/scripts/services.sh" "$@"
}

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -d $WORK/services ]] && { services stop clickhouse >/dev/null 2>&1 || true; }
  rm -rf "$WORK/services" "$WORK/data"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ -f $JAR && -f $GEN_JAR ]] || { log "build first: mvn -o -q package -DskipTests -DskipITs"; exit 1; }

(( RATE == 0 )) || command -v h2load >/dev/null || { log "h2load not found: apt-get install nghttp2-client (or --rate 0)"; exit 1; }

log "ClickHouse (core $GEN_CPU, SCHED_IDLE, nice 19)"
services start clickhouse >/dev/null
log "seed $HITS hits into $CH_DB"
taskset -c "$GEN_CPU" java -cp "$GEN_JAR" dev.waymark.bench.StatsBench --clickhouse "http://$HOST:$CH_HTTP_PORT" \
  --database "$CH_DB" --hits "$HITS" --warmup 0 --runs 1 >"$WORK/seed.txt" 2>&1
tail -n 3 "$WORK/seed.txt" | sed 's/^/    /' >&2

nginx_302_conf "$WORK/nginx" "$HOST" "$NGINX_PORT"
taskset -c "$SERVER_CPU" nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx/" >"$WORK/nginx/stdout" 2>&1 &
PIDS+=("$!")

log "Waymark (core $SERVER_CPU), tracking to ClickHouse database $CH_DB"
mkdir -p "$WORK/data"
taskset -c "$SERVER_CPU" env -i PATH="$PATH" HOME="$HOME" \
  WAYMARK_HTTP_HOST=$HOST WAYMARK_HTTP_PORT=$WM_HTTP_PORT WAYMARK_ADMIN_HOST=$HOST WAYMARK_ADMIN_PORT=$WM_ADMIN_PORT \
  WAYMARK_PUBLIC_BASE_URL="http://$HOST:$WM_HTTP_PORT" WAYMARK_DATA_DIR="$WORK/data" WAYMARK_ADMIN_API_KEY=$KEY \
  WAYMARK_CLICKHOUSE_URL="http://$HOST:$CH_HTTP_PORT" WAYMARK_CLICKHOUSE_DATABASE=$CH_DB \
  java -Xmx512m -Xmn64m -jar "$JAR" >"$WORK/waymark.log" 2>&1 &
WM_PID=$!
PIDS+=("$WM_PID")
for _ in $(seq 1 300); do
  curl -sf "http://$HOST:$WM_ADMIN_PORT/health/ready" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"slug":"spring","url":"https://example.com/spring","campaign":"bench"}' \
  "http://$HOST:$WM_ADMIN_PORT/api/v1/links" >/dev/null
log "JIT warm-up, 15 s"
taskset -c "$GEN_CPU" wrk -t1 -c$CONNS -d15s -H "User-Agent: $UA" "http://$HOST:$WM_HTTP_PORT/spring" >/dev/null 2>&1

FROM=$(date -u -d '90 days ago' +%F) TO=$(date -u -d tomorrow +%F)
QUERIES=("summary?from=$FROM&to=$TO" "timeseries?interval=day&from=$FROM&to=$TO"
  "breakdown?by=touchpoint&limit=10&from=$FROM&to=$TO" "funnel?window=7d&from=$FROM&to=$TO")

# stats_clients SECONDS LABEL: $CLIENTS clients on the generator core, each asking the four
# questions in turn, back to back; one line per answer (status, seconds) in $WORK/LABEL-N.log.
stats_clients() {
  local seconds=$1 label=$2 n
  for n in $(seq 1 $CLIENTS); do
    taskset -c "$GEN_CPU" bash -c '
      end=$(( $(date +%s) + $1 )); i=$2
      while (( $(date +%s) < end )); do
        q=${@:3+i%4:1}; i=$((i + 1))
        curl -s -o /dev/null -w "%{http_code} %{time_total} ${q%%\?*}\n" -H "Authorization: Bearer '"$KEY"'" \
          "http://'"$HOST:$WM_ADMIN_PORT"'/api/v1/stats/$q" || echo "000 0 ${q%%\?*}"
      done' _ "$seconds" "$n" "${QUERIES[@]}" >"$WORK/$label-$n.log" &
    PIDS+=("$!")
  done
}

# rate URL: requests per second wrk reached in SECONDS_PER_RUN, and its non-2xx/3xx count.
rate() {
  taskset -c "$GEN_CPU" wrk -t1 -c$CONNS -d"${SECONDS_PER_RUN}s" -H "User-Agent: $UA" "$1" >"$WORK/wrk.txt" 2>&1
  awk '/Requests\/sec/ {r=$2} /Non-2xx or 3xx/ {e=$5} END {printf "%.0f %d\n", r, e}' "$WORK/wrk.txt"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$WM_PID/stat"; }

best_nginx=0 best_alone=0 best_loaded=0 loaded_cpu="" alone_cpu=""
for r in $(seq 1 "$ROUNDS"); do
  read -r n _ < <(rate "http://$HOST:$NGINX_PORT/spring"); (( n > best_nginx )) && best_nginx=$n
  t0=$(cpu_ticks)
  read -r a errs < <(rate "http://$HOST:$WM_HTTP_PORT/spring")
  (( a > best_alone )) && { best_alone=$a; alone_cpu=$(( $(cpu_ticks) - t0 )); }
  log "round $r: nginx $n/s, Waymark alone $a/s ($errs bad answers)"
  read -r n _ < <(rate "http://$HOST:$NGINX_PORT/spring"); (( n > best_nginx )) && best_nginx=$n
  stats_clients $(( SECONDS_PER_RUN + 2 )) "stats-r$r"
  sleep 1
  t0=$(cpu_ticks)
  read -r l errs < <(rate "http://$HOST:$WM_HTTP_PORT/spring")
  (( l > best_loaded )) && { best_loaded=$l; loaded_cpu=$(( $(cpu_ticks) - t0 )); }
  log "round $r: nginx $n/s, Waymark with $CLIENTS stats clients $l/s ($errs bad answers)"
  wait "${PIDS[@]: -$CLIENTS}" 2>/dev/null || true
done

# fixed_rate LABEL: $RATE redirects/s offered for SECONDS_PER_RUN by h2load ($CONNS connections,
# each at RATE/CONNS a second); per-request log in $WORK/h2-LABEL.tsv (start µs, status, µs).
fixed_rate() {
  taskset -c "$GEN_CPU" h2load --h1 -t1 -c$CONNS --rps $(( RATE / CONNS )) -D "$SECONDS_PER_RUN" \
    -H "user-agent: $UA" --log-file "$WORK/h2-$1.tsv" "http://$HOST:$WM_HTTP_PORT/spring" >"$WORK/h2-$1.txt" 2>&1
}

# latency_row LABEL CPU_TICKS TITLE: answered/s, not-3xx answers and latency percentiles of a fixed-rate run.
latency_row() {
  sort -t$'\t' -k3,3n "$WORK/h2-$1.tsv" | awk -F'\t' -v s="$SECONDS_PER_RUN" -v c="$2" -v hz="$hz" -v label="$3" '
    {v[NR] = $3; if ($2 < 300 || $2 > 399) bad++}
    END {
      printf "| %s | %.0f | %d | %.0f | %.0f | %.0f | %.0f | %.1f |\n", label, NR / s, bad,
        v[int(NR * 0.50)], v[int(NR * 0.99)], v[int(NR * 0.999)], v[NR], c / hz * 1e6 / NR
    }'
}

hz=$(getconf CLK_TCK)
# What the stats cost Waymark's own process (admin API, ClickHouse answers, JSON), which shares
# the redirects' core: the clients alone, no redirects.
t0=$(cpu_ticks)
stats_clients "$SECONDS_PER_RUN" "stats-only"
wait "${PIDS[@]: -$CLIENTS}" 2>/dev/null || true
stats_only_cpu=$(( $(cpu_ticks) - t0 ))
rate_alone="" rate_loaded="" rate_apart=""
if (( RATE > 0 )); then
  t0=$(cpu_ticks); fixed_rate alone; rate_alone=$(( $(cpu_ticks) - t0 ))
  log "fixed rate $RATE/s alone: $(wc -l <"$WORK/h2-alone.tsv") answers"
  stats_clients $(( SECONDS_PER_RUN + 2 )) "stats-fixed"
  sleep 1
  t0=$(cpu_ticks); fixed_rate loaded; rate_loaded=$(( $(cpu_ticks) - t0 ))
  log "fixed rate $RATE/s with $CLIENTS stats clients: $(wc -l <"$WORK/h2-loaded.tsv") answers"
  wait "${PIDS[@]: -$CLIENTS}" 2>/dev/null || true
  # The same with Waymark's analytics threads moved to the generator's core: what is left on the
  # redirect core is then the event loops and the sink, as on a machine where they have cores apart.
  for task in /proc/$WM_PID/task/*; do
    [[ $(cat "$task/comm" 2>/dev/null) == waymark-stats* ]] && taskset -pc "$GEN_CPU" "${task##*/}" >/dev/null
  done
  stats_clients $(( SECONDS_PER_RUN + 2 )) "stats-apart"
  sleep 1
  t0=$(cpu_ticks); fixed_rate apart; rate_apart=$(( $(cpu_ticks) - t0 ))
  log "fixed rate $RATE/s with $CLIENTS stats clients, analytics threads on core $GEN_CPU: $(wc -l <"$WORK/h2-apart.tsv") answers"
  wait "${PIDS[@]: -$CLIENTS}" 2>/dev/null || true
fi

cat "$WORK"/stats-r*.log >"$WORK/stats.log"
echo
# Server CPU per redirect tells the redirect path's cost apart from a generator starved on its
# core: when the server core is not busy all the time, the rate is the generator's limit.
echo "| run | redirects/s (best of $ROUNDS) | × nginx | Waymark CPU s in ${SECONDS_PER_RUN} s | Waymark CPU µs a redirect |"
echo "|---|---|---|---|---|"
echo "| nginx \`return 302\` | $best_nginx | 1.00 | | |"
awk -v a="$best_alone" -v n="$best_nginx" -v c="$alone_cpu" -v hz="$hz" -v s="$SECONDS_PER_RUN" \
  'BEGIN {printf "| Waymark alone | %d | %.2f | %.1f | %.1f |\n", a, a / n, c / hz, c / hz * 1e6 / (a * s)}'
awk -v a="$best_loaded" -v n="$best_nginx" -v c="$loaded_cpu" -v hz="$hz" -v k="$CLIENTS" -v s="$SECONDS_PER_RUN" \
  'BEGIN {printf "| Waymark, %d stats clients | %d | %.2f | %.1f | %.1f |\n", k, a, a / n, c / hz, c / hz * 1e6 / (a * s)}'
echo
echo "| stats question under load | answers | not 200 | p50 ms | p95 ms | max ms |"
echo "|---|---|---|---|---|---|"
for q in summary timeseries breakdown funnel; do
  awk -v q="$q" '$3 == q {n++; if ($1 != 200) bad++; print ($2 * 1000) > "/dev/stderr"} END {printf "| %s | %d | %d |", q, n, bad}' \
    "$WORK/stats.log" 2>"$WORK/$q.ms"
  sort -n "$WORK/$q.ms" | awk '{v[NR] = $1} END {if (NR == 0) {print " | | |"; exit}
    p95 = int(NR * 0.95); if (p95 < 1) p95 = 1
    printf " %.0f | %.0f | %.0f |\n", v[int((NR + 1) / 2)], v[p95], v[NR]}'
done
awk -v c="$stats_only_cpu" -v hz="$hz" -v s="$SECONDS_PER_RUN" '$3 != "" {n++}
  END {printf "\nWaymark CPU for the stats alone (no redirects, %d s): %.2f s for %d answers, %.1f ms an answer\n", s, c / hz, n, c / hz * 1000 / n}' \
  "$WORK"/stats-only-*.log
if (( RATE > 0 )); then
  echo
  echo "| $RATE redirects/s offered (h2load, ${SECONDS_PER_RUN} s) | answered/s | not 3xx | p50 µs | p99 µs | p99.9 µs | max µs | Waymark CPU µs a redirect |"
  echo "|---|---|---|---|---|---|---|---|"
  latency_row alone "$rate_alone" "Waymark alone"
  latency_row loaded "$rate_loaded" "Waymark, $CLIENTS stats clients"
  latency_row apart "$rate_apart" "Waymark, $CLIENTS stats clients, its analytics threads on core $GEN_CPU"
  awk '$3 != "" {n++; if ($1 != 200) bad++} END {printf "\nstats answers during the loaded fixed-rate run: %d, not 200: %d\n", n, bad}' "$WORK"/stats-fixed-*.log
fi
echo
echo "wrk -t1 -c$CONNS -d${SECONDS_PER_RUN}s on core $GEN_CPU; Waymark and nginx on core $SERVER_CPU; $HITS hits seeded; $(uptime)"
