-- POST /api/v2/presence/batch with IDS random preloaded users.
local users = tonumber(os.getenv("USERS") or "100000")
local ids = tonumber(os.getenv("IDS") or "100")
request = function()
  local list = {}
  for i = 1, ids do list[i] = '"u' .. math.random(0, users - 1) .. '"' end
  return wrk.format("POST", "/api/v2/presence/batch", {["Content-Type"] = "application/json"},
    '{"userIds":[' .. table.concat(list, ",") .. ']}')
end
