#!/usr/bin/env bash
# tls-bench.sh — HTTPS and HTTP/2 cache hits on the edge node, per TLS provider, against nginx (issue 5).
#
#   loadtest/bench/tls-bench.sh            # full run, about 10 minutes
#   loadtest/bench/tls-bench.sh --quick    # smoke run: 2 s per case, one round
#
# What it does, all on loopback, every server alone on --server-cpu (default 1), every client on
# --client-cpu (default 0):
#  1. one ECDSA P-256 certificate (openssl CLI) for every server; an origin (nginx, static files,
#     Cache-Control: public, max-age=86400) with a 1 KiB and a 2 MiB object;
#  2. one server at a time, each a warm cache in front of that origin over HTTPS, TLS 1.3 only:
#       nginx  (1 worker, proxy_cache, ssl_session_cache + tickets, `listen ... ssl http2`),
#       edge   once per provider in --providers (default "openssl conscrypt jdk"): the edge node with
#              a TLS listener (loadtest/bench/tls/TlsEdge.java on the edgeweave jar: EdgeConfig.Tls as
#              the CLI builds it), 1 I/O thread;
#     warmed until Cache-Status says hit, then --warmup seconds of each case unmeasured (JIT);
#  3. cases, --rounds times each, best round kept:
#       h1-1k, h1-2m   wrk -t1 -c--connections, HTTP/1.1 keep-alive over TLS 1.3 (wrk sends no ALPN)
#       h2-1k, h2-2m   h2load -t1 -c--h2-clients -m--h2-streams (-m4 for 2m), h2 by ALPN
#       handshake      h2load --h1 --rate --handshake-rate: a new connection per request, full TLS 1.3
#                      handshakes (h2load never resumes); CPU per handshake is the figure
#       resume         wrk with Connection: close: a new connection per request, TLS 1.3 resumption
#                      (wrk keeps its session ticket), so the cost of a resumed handshake
#     with the server's CPU time (utime+stime of every server process from /proc/PID/stat) before and
#     after: prints req/s, server CPU µs per request, and the CPU share other processes took on the
#     server CPU meanwhile (the machine is shared: compare CPU/request when that share is not near 0);
#  4. a table per case: req/s and CPU µs/request of every server, and each provider / nginx.
# Nothing is asserted about timing; the script fails (exit 1) only when something is wrong: a
# response that is not a cache hit, client errors, a server that does not start.
#
# Options (defaults in brackets):
#   --quick                  2 s runs, 1 s warm-up, 1 round
#   --duration S [10]        measured seconds per case   --warmup S [3]   unmeasured seconds per case
#   --rounds N [2]           measured runs per case and server; the table shows the best
#   --providers "..." [openssl conscrypt jdk]          --connections N [64]  (wrk)
#   --h2-clients N [16]      --h2-streams N [32]       --handshake-rate N [500] (new connections/s)
#   --heap SIZE [512m]       --gc parallel|g1|serial [parallel]   --jvm-opt OPT (repeatable)
#   --jar PATH [deploy/target/edgeweave.jar; built when missing]  --work DIR [mktemp]  --keep
#   --server-cpu N [1]       --client-cpu N [0]
# Needs: nginx, wrk, h2load, openssl, curl, taskset, java 17
#   (apt-get install -y nginx wrk nghttp2-client openssl curl).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
T="$HERE/tls"

DURATION=10 WARMUP=3 ROUNDS=2 PROVIDERS="openssl conscrypt jdk" CONNS=64 H2C=16 H2M=32 HSRATE=500
GC=parallel HEAP=512m KEEP=0 WORK="" SERVER_CPU=1 CLIENT_CPU=0 MEMCACHE_MIB=512
JAR="$ROOT/deploy/target/edgeweave.jar"
JVM_EXTRA=()
die() { echo "tls-bench: $*" >&2; exit 1; }
need_arg() { [ $# -ge 2 ] || die "$1: missing value"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) DURATION=2 WARMUP=1 ROUNDS=1; shift ;;
    --duration) need_arg "$@"; DURATION=$2; shift 2 ;;
    --warmup) need_arg "$@"; WARMUP=$2; shift 2 ;;
    --rounds) need_arg "$@"; ROUNDS=$2; shift 2 ;;
    --providers) need_arg "$@"; PROVIDERS=$2; shift 2 ;;
    --connections) need_arg "$@"; CONNS=$2; shift 2 ;;
    --h2-clients) need_arg "$@"; H2C=$2; shift 2 ;;
    --h2-streams) need_arg "$@"; H2M=$2; shift 2 ;;
    --handshake-rate) need_arg "$@"; HSRATE=$2; shift 2 ;;
    --heap) need_arg "$@"; HEAP=$2; shift 2 ;;
    --gc) need_arg "$@"; GC=$2; shift 2 ;;
    --jvm-opt) need_arg "$@"; JVM_EXTRA+=("$2"); shift 2 ;;
    --jar) need_arg "$@"; JAR=$2; shift 2 ;;
    --work) need_arg "$@"; WORK=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --server-cpu) need_arg "$@"; SERVER_CPU=$2; shift 2 ;;
    --client-cpu) need_arg "$@"; CLIENT_CPU=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done

for v in DURATION WARMUP ROUNDS CONNS H2C H2M HSRATE SERVER_CPU CLIENT_CPU; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "${v,,}: '${!v}' (expected: a whole number)"
done
[ "$DURATION" -ge 1 ] || die "--duration: $DURATION (expected: >= 1)"
[ "$ROUNDS" -ge 1 ] || die "--rounds: $ROUNDS (expected: >= 1)"
for p in $PROVIDERS; do
  case "$p" in openssl|conscrypt|jdk) ;; *) die "--providers: '$p' (expected: openssl, conscrypt, jdk)" ;; esac
done
case "$GC" in parallel) GCFLAG=-XX:+UseParallelGC ;; g1) GCFLAG=-XX:+UseG1GC ;; serial) GCFLAG=-XX:+UseSerialGC ;;
  *) die "--gc: '$GC' (expected: parallel, g1 or serial)" ;; esac
[[ "$HEAP" =~ ^[0-9]+[mg]$ ]] || die "--heap: '$HEAP' (expected: e.g. 512m or 1g)"
for tool in nginx wrk h2load openssl curl taskset java python3; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y nginx wrk nghttp2-client openssl curl)"
done
[ "$(nproc --all)" -gt "$((SERVER_CPU > CLIENT_CPU ? SERVER_CPU : CLIENT_CPU))" ] \
  || die "--server-cpu/--client-cpu: CPUs $SERVER_CPU and $CLIENT_CPU needed, $(nproc --all) present"
if [ ! -f "$JAR" ]; then
  echo "tls-bench: building $JAR" >&2
  (cd "$ROOT" && mvn -B -q package -DskipTests) >&2
fi

[ -n "$WORK" ] || WORK=$(mktemp -d /tmp/tls-bench.XXXXXX)
mkdir -p "$WORK"
CLK_TCK=$(getconf CLK_TCK)
PIDS=()
stop_pid() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}
cleanup() {
  local p
  for p in "${PIDS[@]}"; do stop_pid "$p"; done
  if [ "$KEEP" = 1 ]; then echo "tls-bench: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_url() { # URL PID LOG: waits up to 60 s for any answer, failing if PID dies
  local i
  for i in $(seq 600); do
    if curl -sk -o /dev/null --max-time 2 "$1"; then return 0; fi
    kill -0 "$2" 2>/dev/null || { tail -20 "$3" >&2; die "process $2 died while starting (log: $3)"; }
    sleep 0.1
  done
  tail -20 "$3" >&2; die "$1 did not answer within 60 s (log: $3)"
}
cpu_snap() { # "PID UTIME STIME" lines (clock ticks) of each PID that is still alive
  local p
  for p in "$@"; do awk -v p="$p" '{ sub(/^.*\) /, ""); print p, $12, $13 }' "/proc/$p/stat" 2>/dev/null || true; done
}
cpu_ticks() { # SNAP0 SNAP1: ticks used in between by the processes present in both
  awk 'NR == FNR { t0[$1] = $2 + $3; next } ($1 in t0) { t += $2 + $3 - t0[$1] } END { print t + 0 }' \
    <(echo "$1") <(echo "$2")
}
cpu_busy() { awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
fmt() { awk "BEGIN { printf \"$1\", $2 }"; }

# ---------------------------------------------------------------- setup
echo "tls-bench: work dir $WORK; server CPU $SERVER_CPU, client CPU $CLIENT_CPU; $(nproc --all) CPUs"
echo "tls-bench: $(nginx -v 2>&1); $(wrk --version 2>&1 | head -1 | cut -c1-24); $(h2load --version | head -1);" \
  "$(openssl version); $(java -version 2>&1 | head -1)"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" \
  -days 2 -subj /CN=bench.test -addext "subjectAltName=DNS:bench.test,IP:127.0.0.1" 2>/dev/null \
  || die "openssl could not make the ECDSA P-256 certificate"
mkdir -p "$WORK/www"
head -c 1024 /dev/urandom >"$WORK/www/obj-1k.bin"
head -c $((2 << 20)) /dev/urandom >"$WORK/www/obj-2m.bin"
declare -A SIZE=([1k]=1024 [2m]=$((2 << 20)))

start_nginx() { # NAME PORT ROOT|- ORIGIN_PORT|- CPU TEMPLATE -> NGINX_PID
  local name=$1 port=$2 root=$3 oport=$4 cpu=$5 tmpl=$6 dir="$WORK/$1" user=""
  mkdir -p "$dir/tmp" "$dir/cache"
  [ "$(id -u)" = 0 ] && user="user root root;"
  sed -e "s|@DIR@|$dir|g" -e "s|@USER@|$user|" "$T/nginx-common.conf.in" >"$dir/common.conf"
  sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@ROOT@|$root|g" -e "s|@ORIGIN_PORT@|$oport|g" \
    -e "s|@CERT@|$WORK/cert.pem|g" -e "s|@KEY@|$WORK/key.pem|g" "$T/$tmpl" >"$dir/nginx.conf"
  taskset -c "$cpu" nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" >"$dir/stdout.log" 2>&1 &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")
}
nginx_workers() { ps -o pid=,args= --ppid "$1" | awk '/worker process/ { print $1 }' | paste -sd' '; }

ORIGIN_PORT=$(free_port)
start_nginx origin "$ORIGIN_PORT" "$WORK/www" - "$CLIENT_CPU" nginx-origin.conf.in
wait_url "http://127.0.0.1:$ORIGIN_PORT/obj-1k.bin" "$NGINX_PID" "$WORK/origin/error.log"
HEAP_MIB=${HEAP%[mg]}
[ "${HEAP: -1}" = g ] && HEAP_MIB=$((HEAP_MIB * 1024))

start_server() { # NAME -> SERVER_PORT SERVER_PIDS (CPU-accounted) SERVER_MAIN
  local name=$1 port; port=$(free_port)
  SERVER_PORT=$port
  if [ "$name" = nginx ]; then
    start_nginx nginx "$port" - "$ORIGIN_PORT" "$SERVER_CPU" nginx-tls.conf.in
    SERVER_MAIN=$NGINX_PID
    wait_url "https://127.0.0.1:$port/obj-1k.bin" "$NGINX_PID" "$WORK/nginx/error.log"
    SERVER_PIDS="$NGINX_PID $(nginx_workers "$NGINX_PID")"
  else
    local dir="$WORK/edge-$name"
    mkdir -p "$dir"
    taskset -c "$SERVER_CPU" java -Xms"$HEAP" -Xmx"$HEAP" "$GCFLAG" \
      -XX:MaxDirectMemorySize=$((MEMCACHE_MIB + HEAP_MIB))m "${JVM_EXTRA[@]}" \
      -cp "$JAR" "$T/TlsEdge.java" --listen "127.0.0.1:$(free_port)" --tls-listen "127.0.0.1:$port" \
      --cert "$WORK/cert.pem" --key "$WORK/key.pem" --provider "$name" --origin "http://127.0.0.1:$ORIGIN_PORT" \
      --cache-dir "$dir/cache" --mem-cache-mib "$MEMCACHE_MIB" --io-threads 1 >"$dir/edge.log" 2>&1 &
    SERVER_MAIN=$!
    PIDS+=("$SERVER_MAIN")
    wait_url "https://127.0.0.1:$port/obj-1k.bin" "$SERVER_MAIN" "$dir/edge.log"
    SERVER_PIDS=$SERVER_MAIN
    if grep -q "falling back to jdk" "$dir/edge.log"; then die "edge $name: openssl fell back to jdk (log: $dir/edge.log)"; fi
  fi
}

assert_hit() { # LABEL URL SIZE
  local i h
  for i in 1 2 3 4 5; do
    h=$(curl -sk -D - -o "$WORK/body" "$2") || die "$1: GET $2 failed"
    if grep -qi '^cache-status:.*hit' <<<"$h"; then
      [ "$(stat -c %s "$WORK/body")" = "$3" ] || die "$1: $2 gave $(stat -c %s "$WORK/body") bytes, expected $3"
      return 0
    fi
  done
  echo "$h" >&2
  die "$1: $2 is not a cache hit after 5 GETs (headers above)"
}

# One case run: prints "REQUESTS SECONDS ERRORS" (requests = handshakes for the handshake case).
run_case() { # CASE URL_BASE SECONDS OUTPREFIX
  local c=$1 base=$2 secs=$3 out=$4 size=${1#*-}
  case "$c" in
    h1-*)
      taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNS" -d"$secs"s --timeout 10s -s "$T/report.lua" \
        "$base/obj-$size.bin" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed against $base"; }
      local line kv; local -A w=()
      line=$(grep '^WRKRESULT' "$out") || { cat "$out" >&2; die "no WRKRESULT line from wrk"; }
      for kv in ${line#WRKRESULT }; do w[${kv%%=*}]=${kv#*=}; done
      echo "${w[requests]} $(fmt "%.6f" "${w[duration_us]} / 1e6") $((w[connect] + w[read] + w[write] + w[status] + w[timeout]))"
      ;;
    h2-*)
      local m=$H2M
      [ "$size" = 2m ] && m=4
      taskset -c "$CLIENT_CPU" h2load -t1 -c"$H2C" -m"$m" -D "$secs" "$base/obj-$size.bin" >"$out" 2>&1 \
        || { cat "$out" >&2; die "h2load failed against $base"; }
      grep -q "Application protocol: h2" "$out" || { cat "$out" >&2; die "h2load did not negotiate h2 with $base"; }
      awk '/^finished in/ { gsub(/s,/, "", $3); t = $3 }
           /^requests:/ { ok = $8; failed = $10 + $12 + $14 }
           END { printf "%d %s %d\n", ok, t, failed }' "$out"
      ;;
    handshake)
      # h2load --rate: a new connection (full TLS 1.3 handshake: h2load never resumes) and one 1 KiB
      # request each, at a fixed rate the slowest server can nearly keep up with; CPU per handshake is
      # the figure (handshakes per server core-second = 1e6 / it).
      local n=$((HSRATE * secs))
      taskset -c "$CLIENT_CPU" h2load --h1 -t1 -c"$n" -n"$n" -r"$HSRATE" "$base/obj-1k.bin" >"$out" 2>&1 \
        || { cat "$out" >&2; die "h2load (handshakes) failed against $base"; }
      awk '/^finished in/ { gsub(/s,/, "", $3); t = $3 }
           /^requests:/ { ok = $8; failed = $10 + $12 + $14 }
           END { printf "%d %s %d\n", ok, t, failed }' "$out"
      ;;
    resume)
      # wrk with Connection: close: a new connection per request, and wrk resumes its TLS session
      # (SSL_clear keeps the ticket), so these are resumed TLS 1.3 handshakes (PSK with ECDHE).
      CLOSE=1 taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNS" -d"$secs"s --timeout 10s -s "$T/report.lua" \
        "$base/obj-1k.bin" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed against $base"; }
      local line kv; local -A w=()
      line=$(grep '^WRKRESULT' "$out") || { cat "$out" >&2; die "no WRKRESULT line from wrk"; }
      for kv in ${line#WRKRESULT }; do w[${kv%%=*}]=${kv#*=}; done
      echo "${w[requests]} $(fmt "%.6f" "${w[duration_us]} / 1e6") $((w[connect] + w[read] + w[write] + w[status] + w[timeout]))"
      ;;
  esac
}

declare -A R # R[server,case,rps|cpu|other]
CASES="h1-1k h1-2m h2-1k h2-2m handshake resume"
measure() { # SERVER CASE ROUND BASE
  local server=$1 c=$2 round=$3 base=$4 out="$WORK/$1-$2-$3.txt" s0 s1 b0 b1 n0 n1 req secs errs ticks rps cpu other
  s0=$(cpu_snap $SERVER_PIDS); b0=$(cpu_busy "$SERVER_CPU"); n0=$(date +%s%N)
  read -r req secs errs <<<"$(run_case "$c" "$base" "$DURATION" "$out")"
  s1=$(cpu_snap $SERVER_PIDS); b1=$(cpu_busy "$SERVER_CPU"); n1=$(date +%s%N)
  [ "${req:-0}" -gt 0 ] || { cat "$out"* >&2; die "$server $c: no request completed"; }
  # A server that cannot keep up with the fixed handshake rate fails some connections: a result, not a bug.
  if [ "$errs" != 0 ] && [ "$c" != handshake ]; then cat "$out"* >&2; die "$server $c: $errs client errors"; fi
  ticks=$(cpu_ticks "$s0" "$s1")
  rps=$(fmt "%.0f" "$req / $secs")
  cpu=$(fmt "%.1f" "$ticks / $CLK_TCK * 1e6 / $req")
  other=$(fmt "%.0f" "($b1 - $b0 - $ticks) / $CLK_TCK * 100 / (($n1 - $n0) / 1e9)")
  [ "$other" -ge 0 ] 2>/dev/null || other=0
  printf '  %-9s %-9s #%s %9s %s/s %9s µs server CPU per %s  server CPU %3s%%  others on CPU %s %3s%%%s\n' \
    "$server" "$c" "$round" "$rps" "$([ "$c" = handshake ] && echo hs || echo req)" "$cpu" \
    "$([ "$c" = handshake ] && echo handshake || echo request)" \
    "$(fmt "%.0f" "$ticks / $CLK_TCK * 100 / (($n1 - $n0) / 1e9)")" "$SERVER_CPU" "$other" \
    "$([ "$errs" = 0 ] || echo "  FAILED CONNECTIONS $errs (server could not keep up with $HSRATE/s)")"
  if [ -z "${R[$server,$c,rps]:-}" ] || [ "$rps" -gt "${R[$server,$c,rps]}" ]; then
    R[$server,$c,rps]=$rps R[$server,$c,other]=$other
  fi
  if [ -z "${R[$server,$c,cpu]:-}" ] || awk -v a="$cpu" -v b="${R[$server,$c,cpu]}" 'BEGIN { exit !(a < b) }'; then
    R[$server,$c,cpu]=$cpu
  fi
}

SERVERS="nginx $PROVIDERS"
echo "tls-bench: edge JVM -Xms$HEAP -Xmx$HEAP $GCFLAG ${JVM_EXTRA[*]}; cases: $CASES; ${WARMUP} s warm-up +" \
  "${DURATION} s x $ROUNDS round(s) each; wrk -c$CONNS, h2load -c$H2C -m$H2M (-m4 at 2m), $HSRATE new connections/s"
for server in $SERVERS; do
  echo "== $server"
  start_server "$server"
  base="https://127.0.0.1:$SERVER_PORT"
  for s in 1k 2m; do assert_hit "$server" "$base/obj-$s.bin" "${SIZE[$s]}"; done
  if [ "$WARMUP" -gt 0 ]; then
    for c in $CASES; do run_case "$c" "$base" "$WARMUP" "$WORK/$server-$c-warmup.txt" >/dev/null; done
  fi
  for c in $CASES; do
    for r in $(seq "$ROUNDS"); do measure "$server" "$c" "$r" "$base"; done
  done
  for s in 1k 2m; do assert_hit "$server-after" "$base/obj-$s.bin" "${SIZE[$s]}"; done
  stop_pid "$SERVER_MAIN"
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
echo
echo "best of $ROUNDS round(s): highest req/s (handshakes/s for 'handshake'), lowest server CPU µs per request;"
echo "ratios are edge/nginx (req/s: higher is better; CPU/req: lower is better); (n%) = other processes' share of the server CPU"
hdr="| case | nginx req/s | nginx CPU µs/req |"
sep="|---|---:|---:|"
for p in $PROVIDERS; do hdr+=" $p req/s | $p CPU µs/req | $p/nginx req/s | $p/nginx CPU/req |"; sep+="---:|---:|---:|---:|"; done
echo "$hdr"; echo "$sep"
for c in $CASES; do
  row="| $c | ${R[nginx,$c,rps]} (${R[nginx,$c,other]}%) | ${R[nginx,$c,cpu]} |"
  for p in $PROVIDERS; do
    row+=" ${R[$p,$c,rps]} (${R[$p,$c,other]}%) | ${R[$p,$c,cpu]} | $(ratio "${R[$p,$c,rps]}" "${R[nginx,$c,rps]}") | $(ratio "${R[$p,$c,cpu]}" "${R[nginx,$c,cpu]}") |"
  done
  echo "$row"
done
