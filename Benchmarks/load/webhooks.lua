-- wrk script: POSTs pre-signed WhatsApp webhooks (generate_webhooks.py), each with a distinct
-- message id, spreading the lines over wrk's threads. Set WEBHOOKS (file) and TARGET_PATH.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file = os.getenv("WEBHOOKS") or "webhooks.tsv"
  local total = tonumber(os.getenv("THREADS") or "1")
  requests_list = {}
  local n = 0
  for line in io.lines(file) do
    if n % total == id then
      local tab = line:find("\t", 1, true)
      table.insert(requests_list, { sig = line:sub(1, tab - 1), body = line:sub(tab + 1) })
    end
    n = n + 1
  end
  index = 0
  wrapped = 0
  path = os.getenv("TARGET_PATH") or "/webhooks/meta/demo-wa"
end

-- With DELAY_MS set, each connection waits on average that long before each request: an offered rate
-- of about connections * 1000 / DELAY_MS requests/s while latency stays well under the delay. The wait
-- is drawn uniformly from [0, 2 * DELAY_MS] so the connections do not fire in step: a fixed wait keeps
-- them synchronized and turns a steady rate into bursts of every connection at once.
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
if delay_ms > 0 then
  function delay()
    return math.random(0, 2 * delay_ms)
  end
end

function request()
  index = index + 1
  if index > #requests_list then index = 1; wrapped = wrapped + 1 end
  local item = requests_list[index]
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["X-Hub-Signature-256"] = item.sig,
  }, item.body)
end

function done(summary, latency, requests)
  io.write(string.format("non2xx=%d errors_connect=%d errors_status=%d\n",
    summary.errors.status, summary.errors.connect, summary.errors.status))
  io.write(string.format("p50_ms=%.3f p99_ms=%.3f requests=%d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests))
end
