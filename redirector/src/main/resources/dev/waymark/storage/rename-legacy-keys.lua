-- Moves keys of the layout before cluster support ('waymark:...') to their hash-tagged names
-- ('{waymark}:...'). Each key is checked and moved within this one script, so two instances
-- migrating at once, or a SCAN that returns a key twice, move it once.
--
-- KEYS         keys named with the old prefix
-- ARGV[1]      the new prefix
-- ARGV[2]      the length of the old prefix
-- Returns {moved, merged, kept}: renamed; sorted sets merged into a list the new code had already
-- started (a link written by a new instance before the old keys were moved); left in place because
-- the new name holds a value of its own (the newer write wins; the old key is reported, not lost).
local moved, merged, kept = 0, 0, 0
local skip = tonumber(ARGV[2])
for _, old in ipairs(KEYS) do
  if redis.call('EXISTS', old) == 1 then
    local new = ARGV[1] .. string.sub(old, skip + 1)
    if redis.call('EXISTS', new) == 0 then
      redis.call('RENAME', old, new)
      moved = moved + 1
    elseif redis.call('TYPE', old).ok == 'zset' and redis.call('TYPE', new).ok == 'zset' then
      redis.call('ZUNIONSTORE', new, 2, new, old, 'AGGREGATE', 'MIN')
      redis.call('DEL', old)
      merged = merged + 1
    else
      kept = kept + 1
    end
  end
end
return {moved, merged, kept}
