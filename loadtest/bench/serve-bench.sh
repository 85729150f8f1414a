#!/usr/bin/env bash
# serve-bench.sh — the edge node against nginx proxy_cache, HTTP/1.1 cache hits (issue 2).
#
#   loadtest/bench/serve-bench.sh            # full run, ~11 min (3 rounds; a 10 GiB object at 64 MiB/s)
#   loadtest/bench/serve-bench.sh --quick    # CI smoke run, ~40 s: 1 s runs, small sizes, 200 idle conns
# Results and findings: docs/benchmarks.md, "Serving: edge node vs nginx (HTTP/1.1)".
#
# What it does, all on loopback:
#  1. an origin (nginx serving static files, pinned to the load generator's CPU) holding one
#     object per --sizes entry, each sent with Cache-Control: public, max-age=86400;
#  2. two caches in front of that same origin, both pinned to --server-cpu (default 1):
#       nginx (1 worker, proxy_cache on disk/page cache, sendfile) and the edge node (a private copy
#       of deploy/target/edgeweave.jar: java -Xms256m -Xmx256m -XX:+UseParallelGC
#       -XX:MaxDirectMemorySize=<mem-cache + heap> -jar ... edge --origin ... --mem-cache 1g),
#       warmed until Cache-Status says "hit";
#  3. per size, --rounds times, per server: a wrk warm-up, then a measured wrk run (1 thread, --connections
#     keep-alive connections, pinned to --client-cpu, default 0), with the server's CPU time
#     (utime+stime of every server process from /proc/PID/stat) read before and after;
#     prints req/s, MB/s (10^6 bytes incl. headers), server CPU µs per request, server CPU use,
#     p50/p99 latency, the CPU share other processes took on the server CPU meanwhile (the machine
#     is shared: req/s only mean something when that is near 0; CPU µs/request hold up better),
#     and a table of the best round per server with the ratios edge/nginx;
#  4. idle connections: --idle keep-alive connections (one request each, then idle) to the edge
#     after the runs, to nginx, and to a freshly started edge (with native memory tracking);
#     VmRSS of each;
#  5. big object: a fresh edge in front of gen_origin.py (generates --big bytes, stores nothing);
#     one viewer reads it at --viewer-rate and checks every byte while jstat samples the heap
#     every second and VmRSS is sampled too; reports the maxima.
# Nothing is asserted about timing; the script fails (exit 1) only when something is wrong:
# a response that is not a cache hit, wrk errors, a corrupt or short big body, idle connections
# that could not be opened.
#
# Options (defaults in brackets):
#   --quick               1 s runs, sizes "1k 64k", 200 idle connections, a 64m big object
#                         (options after --quick override it)
#   --duration S [15]     measured wrk seconds       --warmup S [5]   wrk warm-up seconds
#   --rounds N [3]        measured runs per size and server, interleaved; the table shows the best
#   --sizes "..." [1k 64k 2m]                         --connections N [64]
#   --idle N [10000]      idle connections (0 skips) --big SIZE [10g] (0 skips)
#   --viewer-rate SIZE [64m]   slow viewer's bytes per second
#   --gc parallel|g1|serial [parallel]   --heap SIZE [256m] (-Xms = -Xmx)
#   --jvm-opt OPT         extra JVM option for the edge (repeatable)
#   --mem-cache SIZE [1g] --profile (JFR of the edge in round 1; perturbs its CPU figures)
#   --jar PATH [deploy/target/edgeweave.jar; built when missing]   --work DIR [mktemp]
#   --keep                keep the work directory    --server-cpu N [1]  --client-cpu N [0]
# Needs: nginx, wrk (apt-get install -y nginx wrk), python3, curl, taskset, java 17 with jcmd/jstat.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
T="$HERE/serve"

QUICK=0 DURATION=15 WARMUP=5 ROUNDS=3 SIZES="1k 64k 2m" CONNS=64 IDLE=10000 BIG=10g RATE=64m
GC=parallel HEAP=256m MEMCACHE=1g PROFILE=0 KEEP=0 WORK="" SERVER_CPU=1 CLIENT_CPU=0
JAR="$ROOT/deploy/target/edgeweave.jar"
JVM_EXTRA=()
set_quick() { QUICK=1 DURATION=1 WARMUP=1 ROUNDS=1 SIZES="1k 64k" IDLE=200 BIG=64m RATE=32m; }
die() { echo "serve-bench: $*" >&2; exit 1; }
need_arg() { [ $# -ge 2 ] || die "$1: missing value"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) set_quick; shift ;;
    --duration) need_arg "$@"; DURATION=$2; shift 2 ;;
    --warmup) need_arg "$@"; WARMUP=$2; shift 2 ;;
    --rounds) need_arg "$@"; ROUNDS=$2; shift 2 ;;
    --sizes) need_arg "$@"; SIZES=$2; shift 2 ;;
    --connections) need_arg "$@"; CONNS=$2; shift 2 ;;
    --idle) need_arg "$@"; IDLE=$2; shift 2 ;;
    --big) need_arg "$@"; BIG=$2; shift 2 ;;
    --viewer-rate) need_arg "$@"; RATE=$2; shift 2 ;;
    --gc) need_arg "$@"; GC=$2; shift 2 ;;
    --heap) need_arg "$@"; HEAP=$2; shift 2 ;;
    --mem-cache) need_arg "$@"; MEMCACHE=$2; shift 2 ;;
    --jvm-opt) need_arg "$@"; JVM_EXTRA+=("$2"); shift 2 ;;
    --profile) PROFILE=1; shift ;;
    --jar) need_arg "$@"; JAR=$2; shift 2 ;;
    --work) need_arg "$@"; WORK=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --server-cpu) need_arg "$@"; SERVER_CPU=$2; shift 2 ;;
    --client-cpu) need_arg "$@"; CLIENT_CPU=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done

# ---------------------------------------------------------------- helpers
bytes_of() { # 64k -> 65536; 10g -> 10737418240; 1234 -> 1234
  local v=${1,,} n m=1
  case "$v" in
    *k) m=1024 ;; *m) m=$((1024 * 1024)) ;; *g) m=$((1024 * 1024 * 1024)) ;;
  esac
  n=${v%[kmg]}
  [[ "$n" =~ ^[0-9]+$ ]] || die "size: '$1' (expected: a number with an optional k, m or g suffix)"
  echo $((n * m))
}
for v in DURATION WARMUP ROUNDS CONNS IDLE SERVER_CPU CLIENT_CPU; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "--${v,,}: '${!v}' (expected: a whole number)"
done
[ "$DURATION" -ge 1 ] || die "--duration: $DURATION (expected: >= 1)"
[ "$ROUNDS" -ge 1 ] || die "--rounds: $ROUNDS (expected: >= 1)"
case "$GC" in parallel) GCFLAG=-XX:+UseParallelGC ;; g1) GCFLAG=-XX:+UseG1GC ;; serial) GCFLAG=-XX:+UseSerialGC ;;
  *) die "--gc: '$GC' (expected: parallel, g1 or serial)" ;; esac
BIG_BYTES=$(bytes_of "$BIG"); RATE_BYTES=$(bytes_of "$RATE"); HEAP_BYTES=$(bytes_of "$HEAP")
MEM_BYTES=$(bytes_of "$MEMCACHE")
for s in $SIZES; do bytes_of "$s" >/dev/null; done
[ "$RATE_BYTES" -gt 0 ] || die "--viewer-rate: $RATE (expected: > 0)"

for tool in nginx wrk python3 curl taskset java jcmd jstat; do
  command -v "$tool" >/dev/null || die "$tool not found (nginx and wrk: apt-get install -y nginx wrk)"
done
[ "$(nproc --all)" -gt "$((SERVER_CPU > CLIENT_CPU ? SERVER_CPU : CLIENT_CPU))" ] \
  || die "--server-cpu/--client-cpu: CPUs $SERVER_CPU and $CLIENT_CPU needed, $(nproc --all) present"
if [ ! -f "$JAR" ]; then
  echo "serve-bench: building $JAR" >&2
  (cd "$ROOT" && mvn -B -q package -DskipTests) >&2
fi
java -jar "$JAR" edge --help >/dev/null 2>&1 || die "$JAR has no working 'edge' command (java -jar $JAR edge --help)"

[ -n "$WORK" ] || WORK=$(mktemp -d /tmp/serve-bench.XXXXXX)
mkdir -p "$WORK"
CLK_TCK=$(getconf CLK_TCK)
# A private copy: a rebuild of deploy/target during the run must not pull classes from under the JVMs.
cp "$JAR" "$WORK/edgeweave.jar"
JAR="$WORK/edgeweave.jar"
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$p" 2>/dev/null; then
      echo "serve-bench: process $p still running 15 s after SIGTERM; killing it" >&2
      kill -9 "$p" 2>/dev/null || true
    fi
    wait "$p" 2>/dev/null || true
  done
  if [ "$KEEP" = 1 ]; then echo "serve-bench: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_pid() { # PID: SIGTERM, then SIGKILL after 15 s; says how long the process took to stop
  local p=$1 i t0; t0=$(date +%s%N)
  kill "$p" 2>/dev/null || return 0
  for i in $(seq 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$p" 2>/dev/null; then
    echo "serve-bench: process $p still running 15 s after SIGTERM; killing it" >&2
    kill -9 "$p" 2>/dev/null || true
  fi
  wait "$p" 2>/dev/null || true
  echo "  (pid $p stopped $(fmt "%.1f" "($(date +%s%N) - $t0) / 1e9") s after SIGTERM)"
}
free_port() { # a port the kernel just handed out for port 0; nginx cannot bind port 0 itself
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_http() { # URL PID LOG: waits up to 60 s for any HTTP answer, failing if PID dies
  local i
  for i in $(seq 600); do
    if curl -s -o /dev/null --max-time 2 "$1"; then return 0; fi
    kill -0 "$2" 2>/dev/null || { tail -20 "$3" >&2; die "process $2 died while starting (log: $3)"; }
    sleep 0.1
  done
  tail -20 "$3" >&2; die "$1 did not answer within 60 s (log: $3)"
}
cpu_snap() { # "PID UTIME STIME" lines (clock ticks) of each PID that is still alive
  local p
  for p in "$@"; do
    awk -v p="$p" '{ sub(/^.*\) /, ""); print p, $12, $13 }' "/proc/$p/stat" 2>/dev/null || true
  done
}
cpu_delta() { # SNAP0 SNAP1: "USER SYS" ticks used in between by the processes present in both
  awk 'NR == FNR { u0[$1] = $2; s0[$1] = $3; next }
       ($1 in u0) { u += $2 - u0[$1]; s += $3 - s0[$1] } END { print u + 0, s + 0 }' <(echo "$1") <(echo "$2")
}
cpu_busy() { # busy ticks of CPU N so far (everything but idle and iowait)
  awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
nginx_workers() { # PIDs of the worker processes of master PID (not the cache manager/loader)
  ps -o pid=,args= --ppid "$1" | awk '/worker process/ { print $1 }' | paste -sd' '
}

start_nginx() { # NAME PORT ROOT|- ORIGIN_PORT|- CPU TEMPLATE  -> sets NGINX_PID
  local name=$1 port=$2 root=$3 oport=$4 cpu=$5 tmpl=$6 dir="$WORK/$1" user=""
  mkdir -p "$dir/tmp" "$dir/cache"
  [ "$(id -u)" = 0 ] && user="user root root;"
  sed -e "s|@DIR@|$dir|g" -e "s|@USER@|$user|" "$T/nginx-common.conf.in" > "$dir/common.conf"
  sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@ROOT@|$root|g" -e "s|@ORIGIN_PORT@|$oport|g" \
    "$T/$tmpl" > "$dir/nginx.conf"
  taskset -c "$cpu" nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" >"$dir/stdout.log" 2>&1 &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")
  wait_http "http://127.0.0.1:$port/" "$NGINX_PID" "$dir/error.log"
}

EDGE_N=0
start_edge() { # NAME ORIGIN_URL [extra edge flags...] -> sets EDGE_PID EDGE_PORT EDGE_LOG
  local name=$1 origin=$2 aport; shift 2
  EDGE_N=$((EDGE_N + 1))
  EDGE_PORT=$(free_port); aport=$(free_port)
  mkdir -p "$WORK/$name"
  EDGE_LOG="$WORK/$name/edge.log"
  # Direct memory: the memory tier holds bodies in direct buffers, so it needs room beyond -Xmx.
  taskset -c "$SERVER_CPU" java -Xms"$HEAP" -Xmx"$HEAP" "$GCFLAG" \
    -XX:MaxDirectMemorySize=$(((MEM_BYTES + HEAP_BYTES) / 1048576))m \
    "${JVM_EXTRA[@]}" "${EDGE_JVM_MORE[@]}" -jar "$JAR" edge \
    --listen "127.0.0.1:$EDGE_PORT" --admin "127.0.0.1:$aport" --cache-dir "$WORK/$name/cache" \
    --mem-cache "$MEMCACHE" --origin "$origin" "$@" >"$EDGE_LOG" 2>&1 &
  EDGE_PID=$!
  PIDS+=("$EDGE_PID")
  wait_http "http://127.0.0.1:$aport/health" "$EDGE_PID" "$EDGE_LOG"
}
EDGE_JVM_MORE=()

assert_hit() { # LABEL URL SIZE: GETs until Cache-Status says hit (at most 5 tries), checks the length
  local label=$1 url=$2 size=$3 i h
  for i in 1 2 3 4 5; do
    h=$(curl -s -D - -o "$WORK/body" "$url") || die "$label: GET $url failed"
    if grep -qi '^cache-status:.*hit' <<<"$h"; then
      [ "$(stat -c %s "$WORK/body")" = "$size" ] || die "$label: $url gave $(stat -c %s "$WORK/body") bytes, expected $size"
      echo "  $label $(grep -i '^cache-status:' <<<"$h" | tr -d '\r') ($size bytes)"
      return 0
    fi
  done
  echo "$h" >&2
  die "$label: $url is not a cache hit after 5 GETs (headers above)"
}

declare -A R # best of the rounds: R[server,size,field]
wrk_run() { # SECONDS URL OUTFILE
  taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNS" -d"$1"s --timeout 10s -s "$T/report.lua" "$2" >"$3" 2>&1 \
    || { cat "$3" >&2; die "wrk failed against $2"; }
}
fmt() { awk "BEGIN { printf \"$1\", $2 }"; }
measure() { # SERVER SIZE ROUND URL PIDS...
  local server=$1 size=$2 round=$3 url=$4; shift 4
  local out="$WORK/wrk-$server-$size-$round.txt" s0 s1 b0 b1 ticks line kv errors rps mbs cpu util other
  local -A w=()
  if [ "$WARMUP" -gt 0 ]; then wrk_run "$WARMUP" "$url" "$out.warmup"; fi
  local jfr=0
  if [ "$PROFILE" = 1 ] && [ "$server" = edge ] && [ "$round" = 1 ]; then
    jfr=1
    taskset -c "$CLIENT_CPU" jcmd "$EDGE_PID" JFR.start name=bench settings=profile \
      filename="$WORK/edge-$size.jfr" >/dev/null
  fi
  local n0 n1
  s0=$(cpu_snap "$@"); b0=$(cpu_busy "$SERVER_CPU"); n0=$(date +%s%N)
  wrk_run "$DURATION" "$url" "$out"
  s1=$(cpu_snap "$@"); b1=$(cpu_busy "$SERVER_CPU"); n1=$(date +%s%N)
  if [ "$jfr" = 1 ]; then taskset -c "$CLIENT_CPU" jcmd "$EDGE_PID" JFR.stop name=bench >/dev/null; fi
  line=$(grep '^WRKRESULT' "$out") || { cat "$out" >&2; die "no WRKRESULT line from wrk"; }
  for kv in ${line#WRKRESULT }; do w[${kv%%=*}]=${kv#*=}; done
  errors=$((w[connect] + w[read] + w[write] + w[status] + w[timeout]))
  [ "${w[requests]}" -gt 0 ] || die "$server $size: wrk completed no requests"
  local us sy
  read -r us sy <<<"$(cpu_delta "$s0" "$s1")"
  ticks=$((us + sy))
  local secs; secs=$(fmt "%.6f" "${w[duration_us]} / 1e6")
  rps=$(fmt "%.0f" "${w[requests]} / $secs")
  mbs=$(fmt "%.1f" "${w[bytes]} / ${w[duration_us]}")
  cpu=$(fmt "%.2f" "$ticks / $CLK_TCK * 1e6 / ${w[requests]}")
  local split; split=$(fmt "user %.1f + sys %.1f" "$us / $CLK_TCK * 1e6 / ${w[requests]}, $sy / $CLK_TCK * 1e6 / ${w[requests]}")
  # shares of the wall time between the snapshots (a little longer than wrk's own duration)
  util=$(fmt "%.0f" "$ticks / $CLK_TCK * 100 / (($n1 - $n0) / 1e9)")
  other=$(fmt "%.0f" "($b1 - $b0 - $ticks) / $CLK_TCK * 100 / (($n1 - $n0) / 1e9)")
  [ "$other" -ge 0 ] 2>/dev/null || other=0
  printf '  %-5s %-4s #%s %8s req/s %8s MB/s %7s µs CPU/req (%s)  server CPU %3s%%  others on CPU %s %3s%%  p50 %6s ms  p99 %7s ms  errors %s\n' \
    "$server" "$size" "$round" "$rps" "$mbs" "$cpu" "$split" "$util" "$SERVER_CPU" "$other" \
    "$(fmt "%.2f" "${w[p50_us]} / 1000")" "$(fmt "%.2f" "${w[p99_us]} / 1000")" "$errors"
  [ "$errors" = 0 ] || { cat "$out" >&2; die "$server $size: wrk saw $errors errors"; }
  if [ -z "${R[$server,$size,rps]:-}" ] || [ "$rps" -gt "${R[$server,$size,rps]}" ]; then
    R[$server,$size,rps]=$rps R[$server,$size,mbs]=$mbs R[$server,$size,util]=$util R[$server,$size,other]=$other
  fi
  if [ -z "${R[$server,$size,cpu]:-}" ] || awk -v a="$cpu" -v b="${R[$server,$size,cpu]}" 'BEGIN { exit !(a < b) }'; then
    R[$server,$size,cpu]=$cpu
  fi
}
print_profile() { # JFR -> top frames of the edge's execution samples
  local f=$1
  [ -f "$f" ] || return 0
  echo "  top frames ($f):"
  jfr print --events jdk.ExecutionSample "$f" \
    | awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print }' \
    | sort | uniq -c | sort -rn | head -25 | sed 's/^/    /'
}

# ---------------------------------------------------------------- setup
echo "serve-bench: work dir $WORK; server CPU $SERVER_CPU, client CPU $CLIENT_CPU; $(nproc --all) CPUs"
echo "serve-bench: $(nginx -v 2>&1); $(wrk --version 2>&1 | head -1 | cut -c1-40); $(java -version 2>&1 | head -1)"
echo "serve-bench: edge JVM -Xms$HEAP -Xmx$HEAP $GCFLAG ${JVM_EXTRA[*]}; --mem-cache $MEMCACHE"
mkdir -p "$WORK/www"
for s in $SIZES; do head -c "$(bytes_of "$s")" /dev/urandom >"$WORK/www/obj-$s.bin"; done

ORIGIN_PORT=$(free_port)
start_nginx origin "$ORIGIN_PORT" "$WORK/www" - "$CLIENT_CPU" nginx-origin.conf.in
ORIGIN_PID=$NGINX_PID
NGINX_PORT=$(free_port)
start_nginx nginx "$NGINX_PORT" - "$ORIGIN_PORT" "$SERVER_CPU" nginx-proxy.conf.in
start_edge edge "http://127.0.0.1:$ORIGIN_PORT"
EDGE1_PID=$EDGE_PID EDGE1_PORT=$EDGE_PORT
echo "serve-bench: origin :$ORIGIN_PORT (pid $ORIGIN_PID), nginx :$NGINX_PORT (pid $NGINX_PID), edge :$EDGE1_PORT (pid $EDGE1_PID)"

echo "== warm-up: both caches must answer hits"
for s in $SIZES; do
  assert_hit edge "http://127.0.0.1:$EDGE1_PORT/obj-$s.bin" "$(bytes_of "$s")"
  assert_hit nginx "http://127.0.0.1:$NGINX_PORT/obj-$s.bin" "$(bytes_of "$s")"
done

# ---------------------------------------------------------------- throughput
if [ "$WARMUP" -gt 0 ]; then
  echo "== JIT warm-up: $((WARMUP * 2)) s per size on each server, not measured"
  for s in $SIZES; do
    wrk_run $((WARMUP * 2)) "http://127.0.0.1:$EDGE1_PORT/obj-$s.bin" "$WORK/jit-edge-$s.txt"
    wrk_run $((WARMUP * 2)) "http://127.0.0.1:$NGINX_PORT/obj-$s.bin" "$WORK/jit-nginx-$s.txt"
  done
fi
echo "== cache hits: wrk -t1 -c$CONNS, ${WARMUP} s warm-up + ${DURATION} s measured, $ROUNDS round(s), each server alone on CPU $SERVER_CPU"
for s in $SIZES; do
  for r in $(seq "$ROUNDS"); do
    # shellcheck disable=SC2086
    measure edge "$s" "$r" "http://127.0.0.1:$EDGE1_PORT/obj-$s.bin" $EDGE1_PID
    # shellcheck disable=SC2086
    measure nginx "$s" "$r" "http://127.0.0.1:$NGINX_PORT/obj-$s.bin" $NGINX_PID $(nginx_workers "$NGINX_PID")
  done
  if [ "$PROFILE" = 1 ]; then print_profile "$WORK/edge-$s.jfr"; fi
done
for s in $SIZES; do
  assert_hit edge-after "http://127.0.0.1:$EDGE1_PORT/obj-$s.bin" "$(bytes_of "$s")" >/dev/null
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
echo
echo "best of $ROUNDS round(s): highest req/s and MB/s (with that run's server CPU % and others' CPU % on CPU $SERVER_CPU),"
echo "lowest CPU µs/request"
echo "| size | edge req/s | nginx req/s | edge MB/s | nginx MB/s | edge CPU µs/req | nginx CPU µs/req | edge CPU % (others) | nginx CPU % (others) | req/s edge/nginx | CPU/req edge/nginx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for s in $SIZES; do
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$s" \
    "${R[edge,$s,rps]}" "${R[nginx,$s,rps]}" "${R[edge,$s,mbs]}" "${R[nginx,$s,mbs]}" \
    "${R[edge,$s,cpu]}" "${R[nginx,$s,cpu]}" "${R[edge,$s,util]} (${R[edge,$s,other]})" \
    "${R[nginx,$s,util]} (${R[nginx,$s,other]})" \
    "$(ratio "${R[edge,$s,rps]}" "${R[nginx,$s,rps]}")" "$(ratio "${R[edge,$s,cpu]}" "${R[nginx,$s,cpu]}")"
done
echo

# ---------------------------------------------------------------- idle connections
idle_test() { # LABEL PORT PIDS(comma) [while-open command]; an edge's RSS split lands in $WORK/rss-$port.txt
  local label=$1 port=$2 pids=$3 cmd=${4:-true} line
  line=$(taskset -c "$CLIENT_CPU" python3 "$T/idle_conns.py" --target "127.0.0.1:$port" \
    --path "/obj-$FIRST.bin" --count "$IDLE" --pids "$pids" --hold "$HOLD" --while-open "$cmd") \
    || die "$label: idle_conns.py failed"
  local -A w=()
  local kv
  for kv in ${line#IDLE }; do w[${kv%%=*}]=${kv#*=}; done
  printf '  %-22s %6s ok %4s failed %6s still open after %s s; RSS before %5s MiB, open %5s MiB, held %5s MiB (%s KiB per connection)\n' \
    "$label" "${w[ok]}" "${w[failed]}" "${w[still_open]}" "$HOLD" $((w[rss_before_kib] / 1024)) \
    $((w[rss_open_kib] / 1024)) $((w[rss_held_kib] / 1024)) \
    "$(awk -v a="${w[rss_held_kib]}" -v b="${w[rss_before_kib]}" -v n="${w[ok]}" 'BEGIN { printf "%.1f", n ? (a - b) / n : 0 }')"
  [ "${w[failed]}" = 0 ] || die "$label: ${w[failed]} of $IDLE idle connections failed"
  if [ -s "$WORK/rss-$port.txt" ]; then
    w=()
    line=$(cat "$WORK/rss-$port.txt")
    for kv in ${line#RSS }; do w[${kv%%=*}]=${kv#*=}; done
    printf '  %-22s RSS with the connections open: Java heap %s MiB + the rest %s MiB (code, metaspace, GC tables, stacks, direct buffers)\n' \
      "" $((w[heap_kib] / 1024)) $((w[other_kib] / 1024))
  fi
}
if [ "$IDLE" -gt 0 ]; then
  FIRST=${SIZES%% *}
  HOLD=10; [ "$QUICK" = 1 ] && HOLD=2
  echo "== idle keep-alive connections: $IDLE, one GET /obj-$FIRST.bin each, then idle ${HOLD} s"
  idle_test "edge (after the runs)" "$EDGE1_PORT" "$EDGE1_PID" \
    "python3 $T/rss_split.py $EDGE1_PID > $WORK/rss-$EDGE1_PORT.txt"
  NGINX_WORKERS=$(nginx_workers "$NGINX_PID")
  idle_test "nginx (worker)" "$NGINX_PORT" "${NGINX_WORKERS// /,}"
  EDGE_JVM_MORE=(-XX:NativeMemoryTracking=summary)
  start_edge edge-idle "http://127.0.0.1:$ORIGIN_PORT"
  EDGE_JVM_MORE=()
  assert_hit edge-idle "http://127.0.0.1:$EDGE_PORT/obj-$FIRST.bin" "$(bytes_of "$FIRST")" >/dev/null
  taskset -c "$CLIENT_CPU" jcmd "$EDGE_PID" VM.native_memory summary >"$WORK/idle-nmt-before.txt"
  idle_test "edge (fresh, NMT on)" "$EDGE_PORT" "$EDGE_PID" \
    "python3 $T/rss_split.py $EDGE_PID > $WORK/rss-$EDGE_PORT.txt; jcmd $EDGE_PID VM.native_memory summary > $WORK/idle-nmt-open.txt; jcmd $EDGE_PID GC.class_histogram > $WORK/idle-histo.txt; jcmd $EDGE_PID GC.heap_info > $WORK/idle-heap-open.txt"
  echo "  fresh edge, native memory (committed KiB) before -> with $IDLE idle connections:"
  paste <(grep -E '^(Total|-)' "$WORK/idle-nmt-before.txt" | sed -E 's/^-? *//; s/\(reserved=[0-9]+KB, committed=([0-9]+)KB\).*/\1/') \
        <(grep -E '^(Total|-)' "$WORK/idle-nmt-open.txt" | sed -E 's/^-? *//; s/.*\(reserved=[0-9]+KB, committed=([0-9]+)KB\).*/\1/') \
    | awk -F'\t' '{ printf "    %-34s -> %s\n", $1, $2 }'
  echo "  fresh edge heap with the connections open, just after a full GC (GC.class_histogram):"
  sed -n '2,$p' "$WORK/idle-heap-open.txt" | sed 's/^/    /'
  echo "  largest live classes with the connections open:"
  sed -n '2,18p' "$WORK/idle-histo.txt" | sed 's/^/    /'
  stop_pid "$EDGE_PID"
  echo
fi

# ---------------------------------------------------------------- big object, slow viewer
if [ "$BIG_BYTES" -gt 0 ]; then
  echo "== big object: $BIG ($BIG_BYTES bytes) generated by the origin, one viewer reading at $RATE/s"
  mkdir -p "$WORK/gen"
  taskset -c "$CLIENT_CPU" python3 "$T/gen_origin.py" --port-file "$WORK/gen/port" 2>"$WORK/gen/origin.log" &
  GEN_PID=$!; PIDS+=("$GEN_PID")
  for _ in $(seq 100); do [ -s "$WORK/gen/port" ] && break; sleep 0.1; done
  [ -s "$WORK/gen/port" ] || die "gen_origin.py did not start (log: $WORK/gen/origin.log)"
  GEN_PORT=$(cat "$WORK/gen/port")
  start_edge edge-big "http://127.0.0.1:$GEN_PORT" --disk-cache $((BIG_BYTES / 1048576 + 2048))m
  df -h "$WORK" | tail -1 | awk '{ print "  disk free before: " $4 }'
  taskset -c "$CLIENT_CPU" jstat -gc "$EDGE_PID" 1000 >"$WORK/gen/jstat.txt" 2>&1 &
  JSTAT_PID=$!; PIDS+=("$JSTAT_PID")
  ( while kill -0 "$EDGE_PID" 2>/dev/null; do rss_kib "$EDGE_PID"; sleep 1; done ) >"$WORK/gen/rss.txt" 2>/dev/null &
  RSS_LOOP=$!; PIDS+=("$RSS_LOOP")
  started=$(date +%s.%N)
  VIEWER=$(taskset -c "$CLIENT_CPU" python3 "$T/slow_viewer.py" --url "http://127.0.0.1:$EDGE_PORT/gen/$BIG_BYTES" \
    --rate "$RATE_BYTES") || { echo "$VIEWER" >&2; die "slow viewer failed (edge log: $EDGE_LOG)"; }
  echo "  $VIEWER"
  kill "$JSTAT_PID" "$RSS_LOOP" 2>/dev/null || true
  if grep -q 'gen_origin: sent' "$WORK/gen/origin.log"; then
    grep 'gen_origin: sent' "$WORK/gen/origin.log" | sed 's/^gen_origin: /  origin: /'
  else
    echo "  origin: did not finish sending"; cat "$WORK/gen/origin.log" >&2
  fi
  echo "  disk tier after: $(du -sh "$WORK/edge-big/cache" | cut -f1)"
  # jstat -gc columns: S0C S1C S0U S1U EC EU OC OU MC MU CCSC CCSU YGC YGCT FGC FGCT ...
  awk 'NR > 1 && $1 ~ /^[0-9.]+$/ {
         used = ($3 + $4 + $6 + $8) / 1024; cap = ($1 + $2 + $5 + $7) / 1024; old = $8 / 1024
         if (used > maxu) maxu = used; if (old > maxo) maxo = old; n++; ygc = $13; fgc = $15; last = used
       }
       END { printf "  heap (jstat, %d samples at 1 s): max used %.0f MiB of %.0f MiB, max old gen %.0f MiB, last %.0f MiB; %d young + %d full GCs\n", n, maxu, cap, maxo, last, ygc, fgc }' \
    "$WORK/gen/jstat.txt"
  sort -n "$WORK/gen/rss.txt" | tail -1 | awk '{ printf "  edge RSS: max %.0f MiB\n", $1 / 1024 }'
  echo "  took $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }') s"
  stop_pid "$EDGE_PID"
  rm -rf "$WORK/edge-big/cache"
fi
echo "serve-bench: done"
