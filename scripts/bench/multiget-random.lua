-- GET /api/v2/presence?users= with IDS random preloaded users.
local users = tonumber(os.getenv("USERS") or "100000")
local ids = tonumber(os.getenv("IDS") or "100")
-- Each wrk thread is its own Lua state: seed each differently, or they all ask for the same users.
local threads_set_up = 0
setup = function(thread)
  thread:set("seed_offset", threads_set_up)
  threads_set_up = threads_set_up + 1
end
init = function(args)
  math.randomseed(os.time() * 1000 + (seed_offset or 0))
end
request = function()
  local list = {}
  for i = 1, ids do list[i] = "u" .. math.random(0, users - 1) end
  return wrk.format("GET", "/api/v2/presence?users=" .. table.concat(list, ","))
end
