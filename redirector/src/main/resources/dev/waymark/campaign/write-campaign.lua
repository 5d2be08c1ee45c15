-- Compare-and-set of one campaign's settings, and the notice every instance caches them by, in one
-- step: no instance can miss a write that was made, nor hear of one that was not.
--
-- KEYS[1]  the hash of every campaign's settings: field = name, value = the JSON record
-- ARGV[1]  the campaign's name
-- ARGV[2]  the JSON the field must hold now ('' = there must be none)
-- ARGV[3]  the JSON to store ('' = delete the field)
-- ARGV[4]  the channel the name is published on
-- Returns 1 when written, 0 when the field did not hold ARGV[2] (nothing written, nothing published).
local current = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if current ~= ARGV[2] then
  return 0
end
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
end
redis.call('PUBLISH', ARGV[4], ARGV[1])
return 1
