-- wrk script for the cold-cache runs: every request misses the page cache.
--
-- core.cache.public_page keys a cached page on the full URL, query
-- string included, so a query string that no view reads (?b=<thread>-<n>)
-- makes every request a new key: the view runs, renders and stores the page
-- each time, as on the first request after a content change. (The sidebar's
-- counts are cached on their own, per content generation, so only the first
-- request after the benchmark flushes Redis computes them.)
--
-- wrk gives each thread its own Lua state, so the thread's number goes into
-- the query string too; two threads never ask for the same URL.

local threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("tid", threads)
end

local n = 0

function request()
   n = n + 1
   local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
   return wrk.format(nil, wrk.path .. sep .. "b=" .. tid .. "-" .. n)
end
