#!/usr/bin/env bash
# What journey rules cost the redirect path, measured in one run against nginx `return 302`:
#
#   plain-before   a plain link on the jar of --before-jar (the build before the rules existed)
#   plain          the same plain link on this build
#   routed         a link with 2 variants and 10 rules that a visitor meets all of (none matches,
#                  the worst case that is still common), then its variant by visitor id
#
# Every target gets the same wrk script: 8 browsers' user agents, 3 languages and 4,000 client
# addresses (X-Forwarded-For from the trusted loopback) in turn, and a country header, so the
# classifier cache, the visitor hash and the rules see a realistic mix. Servers are pinned to core
# 1, wrk to core 0; each round runs every target straight after the other, so the noise of this
# shared machine falls on all alike. The section of benchmarks/RESULTS.md between the
# rules-load markers is replaced with the result.
#
#   benchmarks/rules-load.sh --before-jar /path/to/old/waymark.jar [--before-label TEXT] [--seconds 10] [--rounds 3]
#
# Needs: this build's jar (mvn -o -q package -DskipTests -DskipITs -pl redirector -am), wrk, nginx,
# curl, jq. Loopback only; every process started here is stopped on exit.
set -euo pipefail

BEFORE_JAR=""
BEFORE_LABEL="the build before the rules"
SECONDS_PER_RUN=10
ROUNDS=3
while (( $# )); do
  case "$1" in
    --before-jar) BEFORE_JAR=${2:?}; shift ;;
    --before-label) BEFORE_LABEL=${2:?}; shift ;;
    --seconds) SECONDS_PER_RUN=${2:?}; shift ;;
    --rounds) ROUNDS=${2:?}; shift ;;
    *) echo "usage: $0 --before-jar JAR [--before-label TEXT] [--seconds N] [--rounds N]" >&2; exit 64 ;;
  esac
  shift
done
[[ -f $BEFORE_JAR ]] || { echo "--before-jar: no jar at '$BEFORE_JAR'" >&2; exit 64; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/nginx.sh
source "$ROOT/benchmarks/scripts/nginx.sh"
JAR="$ROOT/redirector/target/waymark.jar"
WORK=$(mktemp -d /tmp/waymark-rules.XXXXXX)
SERVER_CPU=1
GEN_CPU=0
HOST=127.0.0.1
CONNS=50
NGINX_PORT=18180
AFTER_PORT=18190
BEFORE_PORT=18192
KEY="bench-key-0123456789abcdef"
WM_JVM=(-Xmx512m -Xmn64m -XX:MaxMetaspaceSize=192m -XX:+ExitOnOutOfMemoryError)

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK/after" "$WORK/before"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

# --- servers ------------------------------------------------------------------------------------
nginx_302_conf "$WORK/nginx" "$HOST" "$NGINX_PORT"
taskset -c "$SERVER_CPU" nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx/" >"$WORK/nginx/stdout" 2>&1 &
PIDS+=($!)

# start NAME JAR PORT: Waymark on the server core, embedded store, hits tracked to embedded DuckDB
# (the default), behind a trusted loopback proxy with a country header.
start() {
  local name=$1 jar=$2 port=$3
  mkdir -p "$WORK/$name"
  taskset -c "$SERVER_CPU" env WAYMARK_DATA_DIR="$WORK/$name" WAYMARK_HTTP_HOST=$HOST WAYMARK_ADMIN_HOST=$HOST \
    WAYMARK_HTTP_PORT="$port" WAYMARK_ADMIN_PORT=$(( port + 1 )) WAYMARK_PUBLIC_BASE_URL="http://$HOST:$port" \
    WAYMARK_ADMIN_API_KEY="$KEY" WAYMARK_TRUSTED_PROXIES=127.0.0.1 WAYMARK_COUNTRY_HEADER=CF-IPCountry \
    java "${WM_JVM[@]}" -jar "$jar" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  local deadline=$(( SECONDS + 60 ))
  until curl -sf "http://$HOST:$(( port + 1 ))/health/ready" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || { log "$name did not get ready; see $WORK/$name.log"; exit 1; }
    sleep 0.2
  done
}

# link PORT JSON: creates a link through the admin API; fails the run when refused.
link() {
  local port=$1 json=$2 status
  status=$(curl -s -o "$WORK/created.json" -w '%{http_code}' -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' --data-binary "$json" "http://$HOST:$(( port + 1 ))/api/v1/links")
  [[ $status == 201 ]] || { log "link refused ($status): $(cat "$WORK/created.json")"; exit 1; }
}

log "start Waymark (this build) and Waymark (before) on core $SERVER_CPU"
start after "$JAR" "$AFTER_PORT"
start before "$BEFORE_JAR" "$BEFORE_PORT"
PLAIN='{"url":"https://shop.example/spring","slug":"plain"}'
link "$AFTER_PORT" "$PLAIN"
link "$BEFORE_PORT" "$PLAIN"
# Ten rules over every kind of condition, none of which the mix below meets, then two variants.
link "$AFTER_PORT" '{"url":"https://shop.example/spring","slug":"routed",
  "variants":[{"id":"a","url":"https://shop.example/a","weight":50},{"id":"b","url":"https://shop.example/b","weight":50}],
  "rules":[
    {"when":{"query":{"promo":"staff"}},"url":"https://shop.example/staff"},
    {"when":{"country":["BE","DE","FR"]},"url":"https://shop.example/eu"},
    {"when":{"language":["fr"]},"url":"https://shop.example/fr"},
    {"when":{"device":["tv","console"]},"url":"https://shop.example/tv"},
    {"when":{"os":["chromeos"]},"url":"https://shop.example/chromebook"},
    {"when":{"browser":["opera"]},"url":"https://shop.example/opera"},
    {"when":{"qr":true,"device":["tablet"]},"url":"https://shop.example/tablet-scan"},
    {"when":{"time":{"days":["sun"],"from":"03:00","to":"04:00","tz":"Europe/Amsterdam"}},"url":"https://shop.example/night"},
    {"when":{"os":["linux"],"language":["de"]},"url":"https://shop.example/linux-de"},
    {"when":{"device":["wearable"]},"url":"https://shop.example/watch"}]}'

cat >"$WORK/mix.lua" <<'EOF'
-- 8 browsers, 3 languages, 4,000 addresses in turn: the same sequence for every target.
local agents = {
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
  "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
  "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
}
local languages = { "nl-NL,nl;q=0.9,en;q=0.8", "en-GB,en;q=0.9", "de-DE,de;q=0.9,en;q=0.5" }
local n = 0
request = function()
  n = n + 1
  local a = n % 4000
  return wrk.format(nil, nil, {
    ["User-Agent"] = agents[n % #agents + 1],
    ["Accept-Language"] = languages[n % #languages + 1],
    ["X-Forwarded-For"] = "10.1." .. math.floor(a / 250) .. "." .. (a % 250),
    ["CF-IPCountry"] = "NL",
  })
end
EOF

# run LABEL URL: one wrk run on the generator core, with the mix unless LABEL ends in -bare (one
# agent, one address: the generator's own cost out of the way, as run.sh measures); prints requests/s.
run() {
  local label=$1 url=$2 script=(-s "$WORK/mix.lua")
  [[ $label == *-bare* ]] && script=()
  taskset -c "$GEN_CPU" wrk -t1 -c"$CONNS" -d"${SECONDS_PER_RUN}s" --latency "${script[@]}" "$url" \
    >"$WORK/$label.wrk" 2>&1
  awk '/Requests\/sec/ {print int($2)}' "$WORK/$label.wrk"
}

TARGETS=(nginx "http://$HOST:$NGINX_PORT/plain" plain-before "http://$HOST:$BEFORE_PORT/plain"
  plain "http://$HOST:$AFTER_PORT/plain" routed "http://$HOST:$AFTER_PORT/routed"
  nginx-bare "http://$HOST:$NGINX_PORT/plain" plain-before-bare "http://$HOST:$BEFORE_PORT/plain"
  plain-bare "http://$HOST:$AFTER_PORT/plain")
log "JIT warm-up: ${SECONDS_PER_RUN} s on each target"
for (( i = 0; i < ${#TARGETS[@]}; i += 2 )); do run "warm-${TARGETS[i]}" "${TARGETS[i+1]}" >/dev/null; done
for (( i = 0; i < ${#TARGETS[@]}; i += 2 )); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "${TARGETS[i+1]}")
  [[ $code == 302 ]] || { log "${TARGETS[i]} answers $code"; exit 1; }
done

declare -A RPS
for (( r = 1; r <= ROUNDS; r++ )); do
  for (( i = 0; i < ${#TARGETS[@]}; i += 2 )); do
    RPS[${TARGETS[i]}-$r]=$(run "${TARGETS[i]}-r$r" "${TARGETS[i+1]}")
    log "round $r ${TARGETS[i]}: ${RPS[${TARGETS[i]}-$r]} req/s"
  done
done

# The variants really were assigned, and the rules really were met: the routed link's destinations.
for (( n = 0; n < 200; n++ )); do
  curl -s -o /dev/null -w '%{redirect_url}\n' -H "User-Agent: Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)" \
    -H "X-Forwarded-For: 10.2.$(( n / 250 )).$(( n % 250 ))" "http://$HOST:$AFTER_PORT/routed"
done | sort | uniq -c >"$WORK/routed-destinations.txt"

# --- report ---------------------------------------------------------------------------------------
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
row() {
  local label=$1 values=() r
  for (( r = 1; r <= ROUNDS; r++ )); do values+=("${RPS[$label-$r]}"); done
  echo "$(median "${values[@]}") ${values[*]}"
}
read -r NGINX NGINX_ALL < <(row nginx)
read -r BEFORE BEFORE_ALL < <(row plain-before)
read -r PLAIN PLAIN_ALL < <(row plain)
read -r ROUTED ROUTED_ALL < <(row routed)
read -r NGINX_BARE NGINX_BARE_ALL < <(row nginx-bare)
read -r BEFORE_BARE BEFORE_BARE_ALL < <(row plain-before-bare)
read -r PLAIN_BARE PLAIN_BARE_ALL < <(row plain-bare)
ratio() { jq -rn --argjson a "$1" --argjson b "$2" '($a / $b * 100 | round) / 100'; }
p99() { awk '/ 99%/ {print $2}' "$WORK/$1.wrk"; }
SECTION=$(cat <<EOF
<!-- rules-load:begin -->
## Journey rules on the redirect path

\`benchmarks/rules-load.sh --before-jar <jar of $BEFORE_LABEL> --seconds $SECONDS_PER_RUN --rounds $ROUNDS\`
on $(git -C "$ROOT" rev-parse --short HEAD), run $(date -u +%Y-%m-%dT%H:%MZ) on this machine ($(nproc) cores; servers on core $SERVER_CPU, wrk on core $GEN_CPU,
$CONNS connections, hits tracked to embedded DuckDB). Every request rotates 8 browsers' user agents,
3 languages and 4,000 client addresses. Median of $ROUNDS rounds (all rounds in brackets), requests/s:

| target | req/s | rounds | vs nginx | p99 (last round) |
|---|---|---|---|---|
| nginx \`return 302\` | $NGINX | $NGINX_ALL | 1.00 | $(p99 "nginx-r$ROUNDS") |
| plain link, $BEFORE_LABEL | $BEFORE | $BEFORE_ALL | $(ratio "$BEFORE" "$NGINX") | $(p99 "plain-before-r$ROUNDS") |
| plain link, this build | $PLAIN | $PLAIN_ALL | $(ratio "$PLAIN" "$NGINX") | $(p99 "plain-r$ROUNDS") |
| 2 variants + 10 rules, none matching | $ROUTED | $ROUTED_ALL | $(ratio "$ROUTED" "$NGINX") | $(p99 "routed-r$ROUNDS") |
| *without the mix (one agent, one address):* | | | | |
| nginx \`return 302\` | $NGINX_BARE | $NGINX_BARE_ALL | 1.00 | $(p99 "nginx-bare-r$ROUNDS") |
| plain link, $BEFORE_LABEL | $BEFORE_BARE | $BEFORE_BARE_ALL | $(ratio "$BEFORE_BARE" "$NGINX_BARE") | $(p99 "plain-before-bare-r$ROUNDS") |
| plain link, this build | $PLAIN_BARE | $PLAIN_BARE_ALL | $(ratio "$PLAIN_BARE" "$NGINX_BARE") | $(p99 "plain-bare-r$ROUNDS") |

The mix is made by wrk's Lua on the generator core, which then limits nginx (compare its two
rows); Waymark's rows are its own cost. Ratios within a run are what to read.

- Plain link, this build / before: **$(ratio "$PLAIN" "$BEFORE")** with the mix, **$(ratio "$PLAIN_BARE" "$BEFORE_BARE")** without (target: the same, within the noise).
- Routed / plain link, this build: **$(ratio "$ROUTED" "$PLAIN")** (target: at least 0.90).
- Where 200 distinct iPhone visitors of the routed link went: $(awk '{printf "%s %s; ", $1, $2}' "$WORK/routed-destinations.txt")
<!-- rules-load:end -->
EOF
)
RESULTS="$ROOT/benchmarks/RESULTS.md"
if grep -q '<!-- rules-load:begin -->' "$RESULTS"; then
  awk -v section="$SECTION" '
    /<!-- rules-load:begin -->/ {print section; skip = 1; next}
    /<!-- rules-load:end -->/ {skip = 0; next}
    !skip {print}' "$RESULTS" >"$WORK/RESULTS.md" && cp "$WORK/RESULTS.md" "$RESULTS"
else
  printf '\n%s\n' "$SECTION" >>"$RESULTS"
fi
echo "$SECTION"
log "raw wrk output in $WORK"
