-- GET /api/v2/presence/{random preloaded user}. USERS is the preloaded user count.
local users = tonumber(os.getenv("USERS") or "100000")
request = function()
  return wrk.format("GET", "/api/v2/presence/u" .. math.random(0, users - 1))
end
