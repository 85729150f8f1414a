#!/usr/bin/env bash
# dns-bench.sh — the tracker's steering DNS against NSD serving a static zone (issue 3).
#
#   loadtest/bench/dns-bench.sh            # full run: 5 s warm-up + 20 s measured, each server
#   loadtest/bench/dns-bench.sh --quick    # CI smoke run: 1 s warm-up + 2 s measured
#
# What it does, all on loopback:
#  1. builds the tracker's test classes (DnsBenchServer lives there) unless --no-build;
#  2. writes one query file: NAME A for demo.cdn.test and site0..site{N-1}.cdn.test, shuffled;
#  3. starts the tracker's DNS alone (dev.edgeweave.tracker.dns.DnsBenchServer: Steering + DnsServer,
#     6 nodes in 3 regions, 3 A records per answer, epoll, 1 event-loop thread) pinned to
#     --server-cpu; dnsperf (UDP, pinned to --client-cpu) warms it up, then measures;
#  4. the same against NSD (1 server process, pinned to --server-cpu) serving a static zone with
#     the same names, 3 A records each, same query file, same dnsperf settings and durations;
#  5. then, for both, a second measured run at one fixed offered rate (--rate, dnsperf -Q): CPU per
#     query depends on the rate (batches grow with load), so only equal rates compare efficiency;
#  6. prints queries/s, lost queries, average latency, server CPU µs per query and the server's CPU
#     share (utime+stime of the server's whole process tree from /proc/PID/stat), what one core would
#     answer at that cost, and two ratios tracker/NSD: measured queries/s, and per server CPU second.
#     With 2 cores the load generator shares the machine: when the server's CPU share stays below
#     100%, queries/s is bound by dnsperf and the per-CPU-second ratio is the fairer comparison.
# Nothing is asserted about timing; the script fails (exit 1) only when something is wrong:
# a server that does not start, dnsperf errors, or more than 1% of queries lost.
#
# Options (defaults in brackets):
#   --quick                   1 s warm-up, 2 s measured
#   --duration S [20]         measured seconds per server    --warmup S [5]
#   --rate Q [50000]          offered queries/s of the equal-rate runs (0 skips them)
#   --hostnames N [100]       steered names in the zone and the query file
#   --clients N [4]           dnsperf -c (UDP sockets)       --outstanding N [500]  dnsperf -q
#   --heap SIZE [256m]        tracker JVM heap (-Xms = -Xmx)
#   --server-cpu N [1]        --client-cpu N [0]
#   --no-build                use tracker/target as it is    --work DIR [mktemp]  --keep
# Needs: dnsperf, nsd, dig (apt-get install -y dnsperf nsd dnsutils), taskset, java 17, mvn.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

DURATION=20 WARMUP=5 RATE=50000 HOSTNAMES=100 CLIENTS=4 OUTSTANDING=500 HEAP=256m
SERVER_CPU=1 CLIENT_CPU=0 BUILD=1 WORK="" KEEP=0
die() { echo "dns-bench: $*" >&2; exit 1; }
need_arg() { [ $# -ge 2 ] || die "$1: missing value"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) DURATION=2 WARMUP=1; shift ;;
    --duration) need_arg "$@"; DURATION=$2; shift 2 ;;
    --warmup) need_arg "$@"; WARMUP=$2; shift 2 ;;
    --hostnames) need_arg "$@"; HOSTNAMES=$2; shift 2 ;;
    --rate) need_arg "$@"; RATE=$2; shift 2 ;;
    --clients) need_arg "$@"; CLIENTS=$2; shift 2 ;;
    --outstanding) need_arg "$@"; OUTSTANDING=$2; shift 2 ;;
    --heap) need_arg "$@"; HEAP=$2; shift 2 ;;
    --server-cpu) need_arg "$@"; SERVER_CPU=$2; shift 2 ;;
    --client-cpu) need_arg "$@"; CLIENT_CPU=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --work) need_arg "$@"; WORK=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

NSD_BIN=$(command -v nsd || echo /usr/sbin/nsd)
for tool in dnsperf dig taskset java; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y dnsperf nsd dnsutils)"
done
[ -x "$NSD_BIN" ] || die "nsd not found (apt-get install -y nsd)"

if [ -z "$WORK" ]; then WORK=$(mktemp -d /tmp/dns-bench.XXXXXX); fi
mkdir -p "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  if [ "$KEEP" = 0 ]; then rm -rf "$WORK"; else echo "work directory kept: $WORK"; fi
}
trap cleanup EXIT

# --- 1. build -------------------------------------------------------------------------------
CP_FILE="$ROOT/tracker/target/bench-classpath.txt"
if [ "$BUILD" = 1 ]; then
  echo "building tracker test classes ..."
  (cd "$ROOT" && mvn -B -q -o -pl tracker -am test-compile dependency:build-classpath \
      -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null) \
    || (cd "$ROOT" && mvn -B -q -pl tracker -am test-compile dependency:build-classpath \
      -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null) \
    || die "build failed"
fi
[ -f "$CP_FILE" ] || die "$CP_FILE missing (run without --no-build)"
# snapshot the classes: a concurrent build of the tracker must not pull them away mid-run
mkdir -p "$WORK/classes"
cp -r "$ROOT/tracker/target/classes/." "$ROOT/tracker/target/test-classes/." "$WORK/classes/" \
  || die "tracker classes missing (run without --no-build)"
CP="$WORK/classes:$(cat "$CP_FILE")"

# --- 2. names, query file, NSD zone ---------------------------------------------------------
NAMES=(demo.cdn.test)
for ((i = 0; i < HOSTNAMES; i++)); do NAMES+=("site$i.cdn.test"); done
printf '%s A\n' "${NAMES[@]}" | shuf --random-source=<(yes) > "$WORK/queries.txt"
{
  echo '$ORIGIN cdn.test.'
  echo '$TTL 20'
  echo '@ IN SOA ns1.cdn.test. hostmaster.cdn.test. 1 3600 600 1209600 20'
  echo '@ 3600 IN NS ns1.cdn.test.'
  echo 'ns1 3600 IN A 127.0.0.1'
  for n in "${NAMES[@]}"; do
    short=${n%.cdn.test}
    for a in 127.0.0.13 127.0.0.16 127.0.0.11; do echo "$short IN A $a"; done
  done
} > "$WORK/cdn.test.zone"

cpu_ticks() {  # utime+stime of a process (all its threads) and of all its descendants, in clock ticks
  local total child
  # fields after "(comm) " (comm may hold spaces, e.g. "nsd: xfrd"): state is 1st, utime 12th, stime 13th
  total=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $12 + $13}')
  [ -n "$total" ] || total=0
  for child in $(pgrep -P "$1" || true); do total=$((total + $(cpu_ticks "$child"))); done
  echo "$total"
}
TICK=$(getconf CLK_TCK)

wait_answering() {  # port pid name
  local port=$1 pid=$2 name=$3
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || return 1
    if dig +short +tries=1 +time=1 @127.0.0.1 -p "$port" demo.cdn.test A >/dev/null 2>&1 \
       && [ -n "$(dig +short +tries=1 +time=1 @127.0.0.1 -p "$port" demo.cdn.test A)" ]; then
      return 0
    fi
    sleep 0.1
  done
  die "$name on port $port did not answer"
}

# dnsperf run: port seconds label pid [rate] -> prints "qps lost avg_latency_s cpu_us_per_query cpu_share_%"
run_dnsperf() {
  local port=$1 seconds=$2 label=$3 pid=$4 out="$WORK/dnsperf-$3.txt" limit=()
  if [ "${5:-0}" -gt 0 ]; then limit=(-Q "$5"); fi
  local before after
  before=$(cpu_ticks "$pid")
  taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "$port" -d "$WORK/queries.txt" -l "$seconds" \
    -c "$CLIENTS" -q "$OUTSTANDING" -t 2 "${limit[@]}" > "$out" 2>&1 || die "dnsperf failed against $label: $(tail -5 "$out")"
  after=$(cpu_ticks "$pid")
  local qps sent lost lat completed
  qps=$(awk '/Queries per second:/ {print $4}' "$out")
  sent=$(awk '/Queries sent:/ {print $3}' "$out")
  completed=$(awk '/Queries completed:/ {print $3}' "$out")
  lost=$(awk '/Queries lost:/ {print $3}' "$out")
  lat=$(awk '/Average Latency/ {print $4}' "$out")
  [ -n "$qps" ] || die "no result from dnsperf against $label: $(cat "$out")"
  if [ "$sent" -gt 0 ] && [ $((lost * 100)) -gt "$sent" ]; then
    die "$label lost $lost of $sent queries (see $out)"
  fi
  local cpu_us share
  cpu_us=$(awk -v t=$((after - before)) -v hz="$TICK" -v n="$completed" 'BEGIN { printf "%.2f", n ? t / hz * 1e6 / n : 0 }')
  share=$(awk -v t=$((after - before)) -v hz="$TICK" -v s="$seconds" 'BEGIN { printf "%.0f", t / hz / s * 100 }')
  echo "$qps $lost $lat $cpu_us $share"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# --- 3. the tracker's DNS ---------------------------------------------------------------------
rm -f "$WORK/tracker.port"
taskset -c "$SERVER_CPU" java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseParallelGC -XX:+AlwaysPreTouch \
  -Dio.netty.leakDetection.level=disabled -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$CP" dev.edgeweave.tracker.dns.DnsBenchServer --bind 127.0.0.1:0 --hostnames "$HOSTNAMES" \
  --ready "$WORK/tracker.port" > "$WORK/tracker.log" 2>&1 &
TRACKER_PID=$!
PIDS+=("$TRACKER_PID")
for _ in $(seq 1 600); do
  [ -f "$WORK/tracker.port" ] && break
  kill -0 "$TRACKER_PID" 2>/dev/null || die "tracker DNS exited: $(cat "$WORK/tracker.log")"
  sleep 0.1
done
[ -f "$WORK/tracker.port" ] || die "tracker DNS did not start: $(cat "$WORK/tracker.log")"
TRACKER_PORT=$(cat "$WORK/tracker.port")
wait_answering "$TRACKER_PORT" "$TRACKER_PID" tracker || die "tracker DNS exited: $(cat "$WORK/tracker.log")"
echo "tracker DNS on 127.0.0.1:$TRACKER_PORT (pid $TRACKER_PID, cpu $SERVER_CPU); warming up ${WARMUP}s ..."
run_dnsperf "$TRACKER_PORT" "$WARMUP" tracker-warmup "$TRACKER_PID" > /dev/null
read -r T_QPS T_LOST T_LAT T_CPU T_SHARE < <(run_dnsperf "$TRACKER_PORT" "$DURATION" tracker "$TRACKER_PID")
T_RCPU="" T_RQPS=""
if [ "$RATE" -gt 0 ]; then
  read -r T_RQPS _ _ T_RCPU _ < <(run_dnsperf "$TRACKER_PORT" "$DURATION" tracker-rate "$TRACKER_PID" "$RATE")
fi
kill "$TRACKER_PID"; wait "$TRACKER_PID" 2>/dev/null || true

# --- 4. NSD ------------------------------------------------------------------------------------
NSD_PORT="" NSD_PID=""
for attempt in $(seq 1 20); do
  port=$((20000 + RANDOM % 40000))
  cat > "$WORK/nsd.conf" <<EOF
server:
  ip-address: 127.0.0.1@$port
  server-count: 1
  username: ""
  chroot: ""
  zonesdir: "$WORK"
  database: ""
  zonelistfile: "$WORK/zone.list"
  xfrdfile: "$WORK/xfrd.state"
  xfrdir: "$WORK"
  pidfile: "$WORK/nsd.pid"
  logfile: "$WORK/nsd.log"
  verbosity: 1
  hide-version: yes
  tcp-count: 10
  minimal-responses: yes
  rrl-ratelimit: 0
  rrl-whitelist-ratelimit: 0
  receive-buffer-size: 4194304
  send-buffer-size: 4194304
remote-control:
  control-enable: no
zone:
  name: "cdn.test"
  zonefile: "cdn.test.zone"
EOF
  taskset -c "$SERVER_CPU" "$NSD_BIN" -d -c "$WORK/nsd.conf" > "$WORK/nsd.out" 2>&1 &
  pid=$!
  if wait_answering "$port" "$pid" nsd; then
    NSD_PORT=$port NSD_PID=$pid
    PIDS+=("$pid")
    break
  fi
  wait "$pid" 2>/dev/null || true
  echo "nsd could not use port $port (attempt $attempt): $(tail -2 "$WORK/nsd.log" 2>/dev/null)"
done
[ -n "$NSD_PORT" ] || die "nsd did not start: $(cat "$WORK/nsd.out" "$WORK/nsd.log" 2>/dev/null)"
# nsd -d still forks (xfrd -> main -> server 1): cpu_ticks sums the whole process tree
echo "nsd on 127.0.0.1:$NSD_PORT (pid $NSD_PID, cpu $SERVER_CPU); warming up ${WARMUP}s ..."
run_dnsperf "$NSD_PORT" "$WARMUP" nsd-warmup "$NSD_PID" > /dev/null
read -r N_QPS N_LOST N_LAT N_CPU N_SHARE < <(run_dnsperf "$NSD_PORT" "$DURATION" nsd "$NSD_PID")
N_RCPU="" N_RQPS=""
if [ "$RATE" -gt 0 ]; then
  read -r N_RQPS _ _ N_RCPU _ < <(run_dnsperf "$NSD_PORT" "$DURATION" nsd-rate "$NSD_PID" "$RATE")
fi
kill "$NSD_PID" $(cat "$WORK/nsd.pid" 2>/dev/null) 2>/dev/null || true; wait "$NSD_PID" 2>/dev/null || true

# --- 5. report ---------------------------------------------------------------------------------
RATIO=$(awk -v a="$T_QPS" -v b="$N_QPS" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')
echo
echo "$(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), load average before the runs: $LOAD_BEFORE"
echo "dnsperf $(dnsperf -h 2>&1 | awk '/^Version/ {print $2}'), UDP, -c $CLIENTS -q $OUTSTANDING, ${DURATION}s measured after ${WARMUP}s warm-up;"
echo "$((HOSTNAMES + 1)) names, A queries, 3 A records per answer; server on CPU $SERVER_CPU, dnsperf on CPU $CLIENT_CPU"
cap() { awk -v c="$1" 'BEGIN { printf "%.0f", (c > 0) ? 1e6 / c : 0 }'; }
CAP_RATIO=$(awk -v a="$N_CPU" -v b="$T_CPU" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')
printf '%-8s %11s %6s %12s %15s %11s %18s\n' server "queries/s" lost "avg latency" "server CPU µs/q" "server CPU" "1 core at that cost"
printf '%-8s %11.0f %6s %10.3fms %15s %10s%% %18s\n' tracker "$T_QPS" "$T_LOST" \
  "$(awk -v l="$T_LAT" 'BEGIN{print l*1000}')" "$T_CPU" "$T_SHARE" "$(cap "$T_CPU")/s"
printf '%-8s %11.0f %6s %10.3fms %15s %10s%% %18s\n' nsd "$N_QPS" "$N_LOST" \
  "$(awk -v l="$N_LAT" 'BEGIN{print l*1000}')" "$N_CPU" "$N_SHARE" "$(cap "$N_CPU")/s"
echo "ratio tracker/nsd: $RATIO (queries/s measured), $CAP_RATIO (per server CPU second at those rates)"
if [ "$RATE" -gt 0 ]; then
  R_RATIO=$(awk -v a="$N_RCPU" -v b="$T_RCPU" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')
  printf 'at %s queries/s offered: tracker %.0f q/s, %s CPU µs/q; nsd %.0f q/s, %s CPU µs/q; ratio %s (per CPU second)\n' \
    "$RATE" "$T_RQPS" "$T_RCPU" "$N_RQPS" "$N_RCPU" "$R_RATIO"
fi
