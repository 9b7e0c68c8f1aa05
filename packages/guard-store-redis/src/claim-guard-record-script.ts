/**
 * The one atomic step of the Redis guard store, run by Redis itself (EVALSHA, EVAL on NOSCRIPT).
 *
 * Invariant: a call's record changes only from the revision the writer last saw. Between reading the
 * stored revision and writing the next record, no other command runs on the key (Redis runs a script
 * to its end before anything else), so of many claims from the same revision, in any number of
 * processes, exactly one wins; the others change nothing and return 0.
 *
 * - `expected` absent (ARGV[1] = "0"): wins only when there is no record.
 * - `expected` present (ARGV[1] = "1"): wins only when the stored `revision` field equals ARGV[2].
 * - a win stores the next record (a hash: `revision`, `record` JSON) with its time to live in
 *   milliseconds (PEXPIRE), or removes the key (ARGV[3] = "del").
 *
 * One key per call (KEYS[1]), so it works on Redis Cluster as is. A key of another type under the prefix
 * makes HGET fail: the script errors, the store rejects, and the guard fails closed.
 */
export const CLAIM_GUARD_RECORD_SCRIPT = `-- Sentrail guard store: claim (compare-and-set on the record's revision).
-- KEYS[1] record key | ARGV[1] "1" a record is expected, "0" none | ARGV[2] expected revision
-- ARGV[3] "set" or "del" | ARGV[4] next revision | ARGV[5] next record JSON | ARGV[6] time to live, ms
local current = redis.call('HGET', KEYS[1], 'revision')
if ARGV[1] == '0' then
  if current then return 0 end
elseif current ~= ARGV[2] then
  return 0
end
if ARGV[3] == 'del' then
  redis.call('DEL', KEYS[1])
else
  redis.call('HSET', KEYS[1], 'revision', ARGV[4], 'record', ARGV[5])
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
end
return 1
`;
