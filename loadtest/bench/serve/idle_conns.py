#!/usr/bin/env python3
"""Opens many keep-alive connections, makes one request on each, then holds them idle, and reports
the server's resident memory (serve-bench.sh, idle-connections test).

Usage: idle_conns.py --target HOST:PORT --path /obj --count 10000 --pids PID[,PID...]
                     [--sources 127.0.0.2,127.0.0.3,...] [--hold SECONDS] [--while-open CMD]

Connections are spread over --sources (one source address per 2,500 connections is plenty: each
127.0.0.x has its own ephemeral port range), so 10,000 of them never exhaust ports. Each connection
sends one GET and reads the whole response (Content-Length); a non-200 answer or a closed
connection is counted as a failure. VmRSS of --pids (summed: nginx master + workers) is read from
/proc before connecting, once all are open and idle, and after --hold seconds; --while-open is a
shell command run after the last RSS reading, connections still open (e.g. jcmd PID GC.heap_info > FILE). Prints one line:
  IDLE count=N ok=N failed=N still_open=N rss_before_kib=A rss_open_kib=B rss_held_kib=C
"""
import argparse
import resource
import select
import socket
import subprocess
import sys
import time


def rss_kib(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def fetch_once(s, host, path):
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            return False
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if lines[0].split()[1] != "200":
        return False
    length = 0
    for line in lines[1:]:
        k, _, v = line.partition(":")
        if k.strip().lower() == "content-length":
            length = int(v)
    got = len(rest)
    while got < length:
        chunk = s.recv(min(65536, length - got))
        if not chunk:
            return False
        got += len(chunk)
    return True


def still_open(socks):
    """Counts connections the server has not closed (a readable idle socket means EOF or junk)."""
    p = select.epoll()
    for s in socks:
        p.register(s.fileno(), select.EPOLLIN | select.EPOLLRDHUP)
    closed = {fd for fd, _ in p.poll(0.2)}
    p.close()
    return len(socks) - len(closed)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--target", required=True)
    ap.add_argument("--path", required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--pids", required=True)
    ap.add_argument("--sources", default="127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5")
    ap.add_argument("--hold", type=float, default=10.0)
    ap.add_argument("--while-open", default="")
    args = ap.parse_args()
    host, _, port = args.target.rpartition(":")
    pids = [int(p) for p in args.pids.split(",") if p]
    sources = args.sources.split(",")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = args.count + 64
    if soft < need:
        if hard < need:
            sys.exit(f"idle_conns: open-file limit {hard} is below {need} (raise ulimit -Hn)")
        resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))

    before = rss_kib(pids)
    socks, ok, failed = [], 0, 0
    started = time.monotonic()
    for i in range(args.count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind((sources[i % len(sources)], 0))
            s.connect((host, int(port)))
            if fetch_once(s, host, args.path):
                ok += 1
                socks.append(s)
                continue
        except OSError as e:
            if failed == 0:
                print(f"idle_conns: connection {i} failed: {e}", file=sys.stderr)
        failed += 1
        s.close()
    opened = time.monotonic() - started
    time.sleep(1.0)  # let the server finish its per-request work before reading its RSS
    rss_open = rss_kib(pids)
    time.sleep(max(0.0, args.hold - 1.0))
    rss_held = rss_kib(pids)
    if args.while_open:  # after the RSS readings: jcmd itself grows the JVM's RSS
        subprocess.run(args.while_open, shell=True, check=False)
    alive = still_open(socks)
    print(f"IDLE count={args.count} ok={ok} failed={failed} still_open={alive} open_seconds={opened:.1f} "
          f"rss_before_kib={before} rss_open_kib={rss_open} rss_held_kib={rss_held}", flush=True)
    for s in socks:
        s.close()


if __name__ == "__main__":
    main()
