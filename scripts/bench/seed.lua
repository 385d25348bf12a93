-- Put in front of every row's script by bench.sh. Each wrk thread is its own Lua state: seed each
-- differently, or they all ask for the same users. A script that defines its own setup/init
-- (put-random.lua) replaces these and seeds itself.
local threads_set_up = 0
setup = function(thread)
  thread:set("seed_offset", threads_set_up)
  threads_set_up = threads_set_up + 1
end
init = function(args)
  math.randomseed(os.time() * 1000 + (seed_offset or 0))
end
