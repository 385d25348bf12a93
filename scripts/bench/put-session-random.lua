-- PUT a heartbeat of one of SESSIONS devices (default 3) of a random user (admin token in TOKEN): once every
-- user has been written a few times, each holds SESSIONS live sessions, and each read aggregates them.
-- Formatted ahead like put-random.lua, so wrk spends on a session PUT what it spends on a plain one.
local users = tonumber(os.getenv("USERS") or "100000")
local sessions = tonumber(os.getenv("SESSIONS") or "3")
local token = os.getenv("TOKEN")
local statuses = {"online", "away", "busy"}
local FORMAT_AHEAD_MAX = 600000
local formatted = {}

local function format(id, device)
  local body = '{"status":"' .. statuses[((id + device) % 3) + 1] .. '","ttlSeconds":86400}'
  return wrk.format("PUT", "/api/v2/presence/u" .. id .. "/sessions/d" .. device,
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

-- seed.lua (in front of this script) seeds each thread.
local seeded_init = init
init = function(args)
  seeded_init(args)
  if users * sessions <= FORMAT_AHEAD_MAX then
    for id = 0, users - 1 do
      for device = 0, sessions - 1 do
        formatted[id * sessions + device + 1] = format(id, device)
      end
    end
  end
end

request = function()
  local id = math.random(0, users - 1)
  local device = math.random(0, sessions - 1)
  return formatted[id * sessions + device + 1] or format(id, device)
end
