-- wrk script for tls-bench.sh: one machine-readable line with the exact totals (wrk's summary rounds them).
-- With CLOSE set in the environment every request says Connection: close (a new connection, and a
-- new TLS handshake, per request).
if os.getenv("CLOSE") then
  wrk.headers["Connection"] = "close"
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKRESULT requests=%d bytes=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.bytes, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
