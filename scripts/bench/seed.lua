-- Put in front of every script by bench.sh. Each wrk thread is its own Lua state: seed each
-- differently, or they all ask for the same users. seed_offset also numbers the threads (0, 1, ...);
-- a script that needs its own init calls this one first (put-random.lua).
local threads_set_up = 0
setup = function(thread)
  thread:set("seed_offset", threads_set_up)
  threads_set_up = threads_set_up + 1
end
init = function(args)
  math.randomseed(os.time() * 1000 + (seed_offset or 0))
end
