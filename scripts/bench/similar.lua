-- wrk script for the similar-questions fragment of /ask/: a POST of what a
-- patient has typed, with the CSRF cookie and token scripts/benchmark fetched.
-- BENCH_SIMILAR_CACHE=warm sends the same text each time (answered from the
-- cache after the first); cold adds a new number each time (never cached).

local token = os.getenv("BENCH_CSRF") or ""
local origin = os.getenv("BENCH_ORIGIN") or ""
local cold = os.getenv("BENCH_SIMILAR_CACHE") == "cold"
local threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("tid", threads)
end

local n = 0

function request()
   n = n + 1
   local extra = cold and (" visit" .. tid .. "x" .. n) or ""
   local body = "csrfmiddlewaretoken=" .. token
      .. "&subject=Breastfeeding+after+Ocrevus"
      .. "&question=My+baby+is+due+soon.+Can+I+breastfeed+while+on+Ocrevus+infusions" .. extra
   local headers = {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "csrftoken=" .. token,
      ["Origin"] = origin,
      ["Referer"] = origin .. "/ask/",
   }
   -- A table of headers replaces wrk's own (-H, e.g. X-Forwarded-Proto): keep them.
   for name, value in pairs(wrk.headers) do
      if headers[name] == nil then headers[name] = value end
   end
   return wrk.format("POST", wrk.path, headers, body)
end
