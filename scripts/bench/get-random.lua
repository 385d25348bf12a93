-- GET /api/v2/presence/{random preloaded user}. USERS is the preloaded user count.
-- Up to FORMAT_AHEAD_MAX users, each thread formats every request once at start: wrk on the same
-- 2 cores then spends about a quarter less CPU per request (18 -> 13-14 us), CPU the node gets.
local users = tonumber(os.getenv("USERS") or "100000")
local FORMAT_AHEAD_MAX = 200000
local formatted = {}

local function format(id)
  return wrk.format("GET", "/api/v2/presence/u" .. id)
end

-- seed.lua (in front of this script) seeds each thread.
local seeded_init = init
init = function(args)
  seeded_init(args)
  if users <= FORMAT_AHEAD_MAX then
    for id = 0, users - 1 do
      formatted[id + 1] = format(id)
    end
  end
end

request = function()
  local id = math.random(0, users - 1)
  return formatted[id + 1] or format(id)
end
