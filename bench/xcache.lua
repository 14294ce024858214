-- wrk script of bench/pages_bench.py: count the answers' X-Cache header values and statuses.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  seen = {}
end

function response(status, headers, body)
  local value = headers["X-Cache"] or headers["x-cache"] or "none"
  local key = tostring(status) .. " " .. string.lower(value)
  seen[key] = (seen[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("seen")) do
      total[key] = (total[key] or 0) + n
    end
  end
  for key, n in pairs(total) do
    io.write("answers: ", key, " ", n, "\n")
  end
end
