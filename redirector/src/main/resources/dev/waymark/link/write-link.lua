-- Compare-and-set of one link together with its list-index entries and the change message, so
-- no reader ever sees a link listed under a campaign or tag it does not have, and no other
-- instance misses the change of a write that happened.
--
-- KEYS[1]      the link key
-- KEYS[2..]    index keys: the first ARGV[4] of them drop member ARGV[3], the rest add ARGV[5]
-- ARGV[1]      the value the link key must hold now ('' = must not exist)
-- ARGV[2]      the value to store ('' = delete the key)
-- ARGV[3]      the old index member (sort key of the old value)
-- ARGV[4]      how many of KEYS[2..] are old index keys
-- ARGV[5]      the new index member (sort key of the new value)
-- ARGV[6]      the change channel
-- ARGV[7]      the code, published on that channel
-- Returns 1 when written, 0 when the link key did not hold ARGV[1] (nothing written).
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then
  return 0
end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[2])
end
local old = tonumber(ARGV[4])
for i = 2, old + 1 do
  redis.call('ZREM', KEYS[i], ARGV[3])
end
for i = old + 2, #KEYS do
  redis.call('ZADD', KEYS[i], 0, ARGV[5])
end
redis.call('PUBLISH', ARGV[6], ARGV[7])
return 1
