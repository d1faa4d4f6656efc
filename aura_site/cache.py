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
then ``incr``).
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


# INCR each key, giving a new one (or one somehow left without) its window's expiry.
_COUNT_WINDOWS = """
local counts = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 or redis.call('TTL', key) == -1 then redis.call('EXPIRE', key, ARGV[i]) end
  counts[i] = count
end
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

    def count_windows(self, keys, ttls):
        return [int(c) for c in self._script(_COUNT_WINDOWS)(keys=keys, args=ttls)]

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

    def count_windows(self, windows):
        """Count one more in each ``(key, seconds)`` window, in one round trip:
        the new counts, in order. A key new to Redis expires after its seconds."""
        keys = [self.make_and_validate_key(key) for key, _ in windows]
        return self._cache.count_windows(keys, [int(seconds) for _, seconds in windows])
