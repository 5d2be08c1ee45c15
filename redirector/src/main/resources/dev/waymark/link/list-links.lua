-- One page of index members, newest first, from one index or from the intersection of two.
-- Walking the smaller index and testing membership in the other keeps the work proportional to
-- the smaller list, and the whole page comes from one consistent moment.
--
-- KEYS[1]      an index (sorted set, all scores 0, members are sort keys)
-- KEYS[2]      optional: a second index every returned member must also be in
-- ARGV[1]      upper bound for ZREVRANGEBYLEX: '+' for the first page, '(' .. cursor after
-- ARGV[2]      how many members to return at most
local walk, other = KEYS[1], KEYS[2]
if other and redis.call('ZCARD', other) < redis.call('ZCARD', walk) then
  walk, other = other, walk
end
local want = tonumber(ARGV[2])
local batch = math.max(want, 128)
local max = ARGV[1]
local out = {}
while #out < want do
  local members = redis.call('ZREVRANGEBYLEX', walk, max, '-', 'LIMIT', 0, batch)
  for _, member in ipairs(members) do
    if not other or redis.call('ZSCORE', other, member) then
      out[#out + 1] = member
      if #out == want then
        return out
      end
    end
  end
  if #members < batch then
    break
  end
  max = '(' .. members[#members]
end
return out
