-- PUT a heartbeat for a random user (admin token in TOKEN), or, with SEQUENTIAL=1, the users from START
-- on in order (threads interleave), which is how the preload writes USERS records. A sequential run goes
-- round again from u0 after the last user until it is stopped: bench.sh stops it once the center holds
-- every user. (Stopping the wrk thread from the script right after the last request was sent lost that
-- request.)
local users = tonumber(os.getenv("USERS") or "100000")
local token = os.getenv("TOKEN")
local sequential = os.getenv("SEQUENTIAL") == "1"
local statuses = {"online", "away", "busy"}
local counter = 0
local step = 1
-- Random PUTs for up to FORMAT_AHEAD_MAX users are formatted once per thread at start (as in
-- get-random.lua): wrk's own CPU per PUT drops from about 22 to 16 us, CPU the node gets.
local FORMAT_AHEAD_MAX = 200000
local formatted = {}

local function format(id)
  local body = '{"status":"' .. statuses[(id % 3) + 1] .. '","ttlSeconds":86400}'
  return wrk.format("PUT", "/api/v2/presence/u" .. id,
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

-- seed.lua (in front of this script) seeds each thread and numbers it with seed_offset.
local seeded_init = init
init = function(args)
  seeded_init(args)
  step = tonumber(os.getenv("THREADS") or "2")
  -- START: where an earlier, interrupted pass of the preload got to.
  counter = seed_offset + tonumber(os.getenv("START") or "0")
  if not sequential and users <= FORMAT_AHEAD_MAX then
    for id = 0, users - 1 do
      formatted[id + 1] = format(id)
    end
  end
end

request = function()
  if sequential then
    local id = counter % users
    counter = counter + step
    return format(id)
  end
  local id = math.random(0, users - 1)
  return formatted[id + 1] or format(id)
end
