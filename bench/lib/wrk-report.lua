-- wrk script: counts status codes and bodies of the wrong length per thread, prints one JSON line when done.
-- Arguments after "--": expected status, expected body length (-1 to skip the length check).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  expected_status = tonumber(args[1]) or 200
  expected_length = tonumber(args[2]) or -1
  statuses = {}
  unexpected = 0
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status ~= expected_status or (expected_length >= 0 and #body ~= expected_length) then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local merged, bad = {}, 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      merged[status] = (merged[status] or 0) + n
    end
    bad = bad + thread:get("unexpected")
  end
  local parts = {}
  for status, n in pairs(merged) do
    table.insert(parts, string.format('"%d":%d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationMicros":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"p50":%d,"p99":%d,"max":%d,"statuses":{%s},"unexpected":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max, table.concat(parts, ","), bad))
end
