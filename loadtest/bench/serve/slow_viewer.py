#!/usr/bin/env python3
"""A viewer that downloads one object slowly and checks every byte (serve-bench.sh, big-object test).

Usage: slow_viewer.py --url http://HOST:PORT/gen/SIZE --rate BYTES_PER_S [--rcvbuf BYTES]

Reads the body at about --rate bytes/s (token bucket, 64 KiB reads), verifies the gen_origin.py
pattern (byte at offset i is i % 251) and the Content-Length, and prints one line:
  VIEWER status=200 cache_status="..." bytes=N seconds=S rate_mib_s=R ok=true
A small --rcvbuf keeps the kernel from buffering megabytes on the viewer's behalf, so the edge
really sees a slow reader. Exits 1 on a short body, a pattern mismatch or a non-200 status.
"""
import argparse
import socket
import sys
import time
from urllib.parse import urlsplit

PERIOD = 251
READ = 64 << 10
PATTERN = bytes(i % PERIOD for i in range(PERIOD)) * ((READ // PERIOD) + 2)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True)
    ap.add_argument("--rate", type=int, required=True, help="bytes per second")
    ap.add_argument("--rcvbuf", type=int, default=256 << 10)
    args = ap.parse_args()
    u = urlsplit(args.url)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, args.rcvbuf)
    s.connect((u.hostname, u.port or 80))
    s.sendall(f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}\r\nConnection: close\r\n\r\n".encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(READ)
        if not chunk:
            sys.exit(f"slow_viewer: connection closed before the response head: {buf!r}")
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    length = int(headers.get("content-length", "-1"))
    if status != 200 or length < 0:
        sys.exit(f"slow_viewer: expected 200 with Content-Length, got {lines[0]!r} {headers}")
    got = 0
    ok = True
    view = memoryview(PATTERN)
    started = time.monotonic()

    def check(data):
        nonlocal got, ok
        k = got % PERIOD
        if data != view[k:k + len(data)]:
            if ok:
                print(f"slow_viewer: pattern mismatch in bytes {got}..{got + len(data)}", file=sys.stderr)
            ok = False
        got += len(data)

    if rest:
        check(rest)
    while got < length:
        # token bucket: never be ahead of rate * elapsed
        ahead = got / args.rate - (time.monotonic() - started)
        if ahead > 0:
            time.sleep(ahead)
        chunk = s.recv(min(READ, length - got))
        if not chunk:
            break
        check(chunk)
    secs = time.monotonic() - started
    s.close()
    ok = ok and got == length
    print(f'VIEWER status={status} cache_status="{headers.get("cache-status", "")}" bytes={got} '
          f"expected={length} seconds={secs:.1f} rate_mib_s={got / secs / 2**20:.1f} ok={str(ok).lower()}",
          flush=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
