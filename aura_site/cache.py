"""Django's Redis cache, keeping one Redis client per connection pool, with
an atomic ``incr``.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for
every cache operation, and each one builds its table of ~170 response
callbacks: a quarter of a millisecond per request spent on the rate-limit
counters' operations before any of them reached Redis. A ``redis.Redis``
is safe to share between threads (it takes a connection from the pool per
command), so one per pool serves every operation.

Django's ``incr`` asks ``EXISTS`` and then ``INCRBY``: two round trips, and
a counter that expires between them comes back from ``INCRBY`` with no
expiry — a rate-limit window that never ends. Here one script does both,
in one round trip, atomically.

``touch_many`` renews the expiry of many keys in one round trip (a script),
where Django's ``touch`` costs one each: the event streams renew their slot
leases this way at every heartbeat.

``count_windows`` counts a request in several rate-limit windows at once
(the per-minute budget and the per-second burst): one script, one round
trip, where django-ratelimit's ``get_usage`` spends two per window (``add``,
then ``incr``). Given a generation key, the same round trip also reads it.

``generation`` and ``bump_generation`` keep a counter that only moves
forward (accounts.tokencache): a counter the store lost (a restart, an
eviction) starts again from Redis's clock in microseconds, so it never
comes back to a value it had.
"""

from django.core.cache.backends import redis


# INCRBY only a key that exists; nil otherwise.
_INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end
return false
"""

# EXPIRE every key given; the count of keys that exist.
_EXPIRE_ALL = """
local n = 0
for _, key in ipairs(KEYS) do n = n + redis.call('EXPIRE', key, ARGV[1]) end
return n
"""


# INCR each of the first n keys, giving a new one (or one somehow left
# without) its window's expiry (the same ARGV).
_COUNT = """
local function count(n)
  local counts = {}
  for i = 1, n do
    local c = redis.call('INCR', KEYS[i])
    if c == 1 or redis.call('TTL', KEYS[i]) == -1 then redis.call('EXPIRE', KEYS[i], ARGV[i]) end
    counts[i] = c
  end
  return counts
end
"""

_COUNT_WINDOWS = _COUNT + "return count(#KEYS)"


# A generation: the value under a key, started from the server's clock (in
# microseconds) where missing.
_GENERATION = """
local function generation(key)
  local g = redis.call('GET', key)
  if g then return g end
  local t = redis.call('TIME')
  g = t[1] .. string.format('%06d', tonumber(t[2]))
  redis.call('SET', key, g)
  return g
end
"""

_READ_GENERATION = _GENERATION + "return generation(KEYS[1])"

_BUMP_GENERATION = _GENERATION + """
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCR', KEYS[1]) end
return generation(KEYS[1])
"""

# _COUNT_WINDOWS over all keys but the last, then the generation in the last.
_COUNT_WINDOWS_AND_READ = _COUNT + _GENERATION + """
local counts = count(#KEYS - 1)
counts[#counts + 1] = generation(KEYS[#KEYS])
return counts
"""


class ReusingRedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # pool index -> redis.Redis
        self._scripts = {}  # (pool index, script) -> registered script

    def _script(self, source):
        client = self.get_client(write=True)
        index = (self._get_connection_pool_index(True), source)
        if index not in self._scripts:
            self._scripts[index] = client.register_script(source)
        return self._scripts[index]

    def incr(self, key, delta):
        value = self._script(_INCR_EXISTING)(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def touch_many(self, keys, timeout):
        """Set the expiry of ``keys`` (already made cache keys) to ``timeout``
        seconds, in one round trip; how many of them exist."""
        return self._script(_EXPIRE_ALL)(keys=list(keys), args=[int(timeout)]) if keys else 0

    def count_windows(self, keys, ttls, generation_key=None):
        if generation_key is None:
            return [int(c) for c in self._script(_COUNT_WINDOWS)(keys=keys, args=ttls)]
        *counts, generation = self._script(_COUNT_WINDOWS_AND_READ)(keys=[*keys, generation_key], args=ttls)
        return [int(c) for c in counts], _text(generation)

    def generation(self, key):
        return _text(self._script(_READ_GENERATION)(keys=[key]))

    def bump_generation(self, key):
        return _text(self._script(_BUMP_GENERATION)(keys=[key]))

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return self._clients[index]


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def touch_many(self, keys, timeout):
        """Django's ``touch`` for many keys at once (one round trip)."""
        return self._cache.touch_many([self.make_and_validate_key(key) for key in keys], timeout)

    def count_windows(self, windows, generation=None):
        """Count one more in each ``(key, seconds)`` window, in one round trip:
        the new counts, in order. A key new to Redis expires after its seconds.
        With ``generation`` (a key), ``(counts, that generation)``, read in
        the same round trip."""
        keys = [self.make_and_validate_key(key) for key, _ in windows]
        ttls = [int(seconds) for _, seconds in windows]
        if generation is None:
            return self._cache.count_windows(keys, ttls)
        return self._cache.count_windows(keys, ttls, self.make_and_validate_key(generation))

    def generation(self, key):
        """The generation kept under ``key`` (a string), made if missing."""
        return self._cache.generation(self.make_and_validate_key(key))

    def bump_generation(self, key):
        """Move the generation under ``key`` forward; the new value."""
        return self._cache.bump_generation(self.make_and_validate_key(key))


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)
