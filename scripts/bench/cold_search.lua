-- wrk script for the cold-cache runs of the search page.
--
-- The page cache keys a search by its q and page parameters only, so the
-- cold.lua trick (an unread parameter) would be served from the cache. Here
-- each request leaves out a word no text contains ("-zz<thread>x<n>"): the
-- same results, a new cache key, and the search runs each time.

local threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("tid", threads)
end

local n = 0

function request()
   n = n + 1
   return wrk.format(nil, wrk.path .. "+-zz" .. tid .. "x" .. n)
end
