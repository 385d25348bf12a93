-- Appended to every row's script: one machine-readable line with throughput, latency and errors.
-- errors counts every failed request; socket_errors says which kind (connect/read/write/timeout).
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT rps=%.0f p50_us=%d p90_us=%d p99_us=%d max_us=%d requests=%d errors=%d non2xx=%d"
    .. " socket_errors=%d/%d/%d/%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, summary.requests, errors, e.status,
    e.connect, e.read, e.write, e.timeout))
end
