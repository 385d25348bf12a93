-- Appended to a row's request script for a paced row: RATE requests per second in all, split evenly
-- over THREADS wrk threads, as Poisson arrivals. wrk (4.1, Debian) has no rate option and wrk2 is not
-- packaged, so this paces with wrk's delay() hook, which runs before every request of every connection.
--
-- Each thread keeps one schedule of arrivals whose gaps are drawn from an exponential distribution
-- with a mean of THREADS / RATE (a Poisson process, as independent clients arrive; two threads' make
-- one of RATE), and delay() hands the next slot to whichever connection asks, waiting until it (to the
-- millisecond: wrk's timers take whole milliseconds). Bursts and lulls come as they would from real
-- clients, not at a fixed interval. The schedule is absolute, so response time does not slow the rate
-- down as a think time would: with enough idle connections the achieved rate is the target. When the
-- server falls behind, overdue slots go out at once and the run becomes closed-loop at the connection
-- count; the achieved rate then shows the shortfall.
--
-- Not open-loop: wrk times each request from when it is actually sent, not from its slot, so a stall
-- is not charged to the requests queued behind it (coordinated omission is not corrected, unlike wrk2).
-- Read the percentiles as service latency at that offered rate, a lower bound on what clients see.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } pace_timespec;
int clock_gettime(int clock_id, pace_timespec *tp);
]]
local CLOCK_MONOTONIC = 1 -- Linux
local timespec = ffi.new("pace_timespec")
-- LuaJIT's os.clock is CPU time and os.time whole seconds: read the monotonic clock through the FFI.
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local rate = tonumber(os.getenv("RATE") or "10000")
local threads = tonumber(os.getenv("THREADS") or "2")
local interval_ms = 1000 * threads / rate
local next_slot = nil

delay = function()
  local now = now_ms()
  if next_slot == nil then
    next_slot = now
  end
  local slot = next_slot
  -- 1 - random() is in (0, 1], so the logarithm is finite.
  next_slot = slot - interval_ms * math.log(1 - math.random())
  local wait = slot - now
  if wait < 0.5 then
    return 0
  end
  return math.floor(wait + 0.5)
end
