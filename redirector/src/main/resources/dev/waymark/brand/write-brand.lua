-- Compare-and-set of one brand with its logo image and its entry in the list of names, so a
-- brand's logo description and its stored image never disagree.
--
-- KEYS[1]  the brand's hash: field 'brand' (the JSON record), field 'logo' (base64 image)
-- KEYS[2]  the sorted set of brand names (score 0, read in lexical order)
-- ARGV[1]  the JSON the 'brand' field must hold now ('' = there must be no brand)
-- ARGV[2]  the JSON to store
-- ARGV[3]  the brand's name
-- ARGV[4]  'keep' the logo image, 'drop' it, or 'set' it to ARGV[5]
-- ARGV[5]  the base64 image for 'set'
-- Returns 1 when written, 0 when the brand did not hold ARGV[1] (nothing written).
local current = redis.call('HGET', KEYS[1], 'brand') or ''
if current ~= ARGV[1] then
  return 0
end
if ARGV[1] == '' then
  redis.call('DEL', KEYS[1])
end
redis.call('HSET', KEYS[1], 'brand', ARGV[2])
if ARGV[4] == 'drop' then
  redis.call('HDEL', KEYS[1], 'logo')
elseif ARGV[4] == 'set' then
  redis.call('HSET', KEYS[1], 'logo', ARGV[5])
end
redis.call('ZADD', KEYS[2], 0, ARGV[3])
return 1
