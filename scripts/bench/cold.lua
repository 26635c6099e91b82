-- wrk script for the cold-cache runs: every request misses the page cache.
--
-- A page is cached under its path and the query parameters its view reads,
-- so a made-up parameter would be served from the cache. Each request says
-- X-Benchmark-Cold instead, which the page cache honours only when
-- BENCHMARK_ENDPOINTS is on: the page is looked up as on every request, the
-- copy found is not used, and the view runs, renders and stores the page each
-- time, as on the first request after a content change. (The sidebar is kept
-- on its own, per content generation, and a page's signed text under what it
-- is made of (core/parts.py), so only the first request after the benchmark
-- flushes Redis builds them.) With BENCH_COLD=all the header says "all", and
-- the page's kept parts are neither read nor kept either: a first build.

local cold = os.getenv("BENCH_COLD") or "1"

function request()
   local headers = {}
   for name, value in pairs(wrk.headers) do headers[name] = value end
   headers["X-Benchmark-Cold"] = cold
   return wrk.format(nil, wrk.path, headers)
end
