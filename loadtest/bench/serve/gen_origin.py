#!/usr/bin/env python3
"""Origin that generates bodies without storing them (used by serve-bench.sh for the big-object test).

GET /gen/<bytes>[/<anything>] answers 200 with exactly <bytes> bytes of a deterministic pattern
(byte at offset i is i % 251), Content-Length, Cache-Control: public, max-age=3600 and an ETag.
HEAD answers the same head. Anything else is 404. One thread per connection (the origin is not
what is measured); bodies are written from one pre-built buffer, so it generates at GB/s.

Usage: gen_origin.py --port-file FILE [--host 127.0.0.1]
Binds port 0 and writes the bound port to FILE once listening. Logs one line per finished body
(bytes, seconds) to stderr, so the bench can tell when the edge's origin fetch completed.
"""
import argparse
import os
import socketserver
import sys
import time

PERIOD = 251
CHUNK = 1 << 20
# PATTERN[k:k + CHUNK] is the CHUNK bytes that start at any offset o with o % PERIOD == k.
PATTERN = bytes(i % PERIOD for i in range(PERIOD)) * ((CHUNK // PERIOD) + 2)


class Handler(socketserver.StreamRequestHandler):
    rbufsize = 1 << 16
    wbufsize = 0

    def handle(self):
        while True:
            line = self.rfile.readline(8192)
            if not line:
                return
            parts = line.decode("latin-1").split()
            headers_done = False
            keep_alive = True
            while not headers_done:
                h = self.rfile.readline(8192)
                if not h:
                    return
                if h in (b"\r\n", b"\n"):
                    headers_done = True
                elif h.lower().startswith(b"connection:") and b"close" in h.lower():
                    keep_alive = False
            if len(parts) != 3 or parts[0] not in ("GET", "HEAD"):
                self.reply(405, 0, False, keep_alive)
                continue
            path = parts[1].split("?", 1)[0]
            seg = path.split("/")
            if len(seg) < 3 or seg[1] != "gen" or not seg[2].isdigit():
                self.reply(404, 0, False, keep_alive)
                continue
            size = int(seg[2])
            started = time.monotonic()
            if not self.reply(200, size, parts[0] == "GET", keep_alive):
                return
            if parts[0] == "GET":
                secs = time.monotonic() - started
                print(f"gen_origin: sent {size} bytes of {path} in {secs:.2f} s", file=sys.stderr, flush=True)
            if not keep_alive:
                return

    def reply(self, status, size, body, keep_alive):
        reason = {200: "OK", 404: "Not Found", 405: "Method Not Allowed"}[status]
        head = (f"HTTP/1.1 {status} {reason}\r\n"
                f"Content-Length: {size}\r\n"
                "Content-Type: application/octet-stream\r\n"
                "Cache-Control: public, max-age=3600\r\n"
                f'ETag: "gen-{size}"\r\n'
                f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n")
        sent = 0
        try:
            self.connection.sendall(head.encode("ascii"))
            if not body:
                return True
            view = memoryview(PATTERN)
            while sent < size:
                n = min(CHUNK, size - sent)
                k = sent % PERIOD
                self.connection.sendall(view[k:k + n])
                sent += n
            return True
        except OSError as e:
            print(f"gen_origin: client went away after {sent} of {size} bytes: {e}",
                  file=sys.stderr, flush=True)
            return False


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port-file", required=True)
    args = ap.parse_args()
    with Server((args.host, 0), Handler) as srv:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(str(srv.server_address[1]))
        os.replace(args.port_file + ".tmp", args.port_file)
        srv.serve_forever()


if __name__ == "__main__":
    main()
