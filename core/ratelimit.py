"""At most LIMIT accepted messages per form and address in any WINDOW_SECONDS (a sliding window).

Each accepted message is one entry (its time and a random token) under a key made of the form's
scope and an HMAC of the visitor's address (core.clientip): the cache never holds an address, nor a
plain hash of one, which for the few billion IPv4 addresses is as good as the address itself.

A view *reserves* a slot before it sends or saves anything: one atomic step that drops the entries
older than the window, and either adds one (accepted) or, with LIMIT entries still in the window,
changes nothing and says how long until the oldest one ages out (refused: a refused post neither uses
a slot nor moves the window). So the window slides: a slot frees exactly one hour after the message
that took it, and no 60 minutes ever hold more than LIMIT accepted messages. A form that turns out
invalid gives its slot back with `release()`, so typing errors never count. Atomic per backend of
the "default" cache:

- Redis: a sorted set per key, changed by one Lua script (Redis runs a script alone).
- The database cache (the embedded default): the row of the key in the cache's table, locked by an
  upsert before it is read, so concurrent requests take turns (PostgreSQL: a row lock; SQLite: the
  write lock).
- Any other cache (e.g. local memory): a lock in this process around a read and a write that keeps
  the remaining lifetime; exact within one process only.

When the cache does not answer, the limit is skipped with a logged warning (fail open): a visitor's
message is worth more than the flood protection during an outage, which /health/ready reports anyway.
"""

import base64
import contextlib
import ipaddress
import logging
import math
import pickle
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext
from redis.exceptions import RedisError

from core.clientip import client_ip

logger = logging.getLogger(__name__)

LIMIT = 5
WINDOW_SECONDS = 60 * 60
# Fixed, so the same address gets the same key on every app server and after a restart.
KEY_SALT = "core.ratelimit.address"


@dataclass
class Reservation:
    """The answer to `reserve()`: allowed or not, and when not, how many seconds until a slot frees."""

    allowed: bool
    retry_after: int = 0
    _release: object = field(default=None, repr=False)

    def release(self):
        """Give the slot back: the post it was reserved for turned out invalid."""
        release, self._release = self._release, None
        if release is not None:
            try:
                release()
            except (RedisError, DatabaseError, OSError):
                logger.warning("Rate limit: could not give a slot back", exc_info=True)

    @property
    def retry_after_text(self):
        """'over 12 minuten': when the visitor may try again, for the Dutch message."""
        minutes = max(1, math.ceil(self.retry_after / 60))
        return ngettext("over %(minutes)d minuut", "over %(minutes)d minuten", minutes) % {"minutes": minutes}


def key_for(request, scope):
    """The cache key of this form and address (before the cache's own prefix)."""
    address = client_ip(request) or "unknown"
    if ":" in address:
        # One IPv6 connection usually has a whole /64 to itself, and picks new addresses in it at
        # will (privacy addresses): the /64 is what one household or server is.
        with contextlib.suppress(ValueError):
            address = str(ipaddress.ip_network(f"{address.partition('%')[0]}/64", strict=False))
    digest = salted_hmac(KEY_SALT, address, algorithm="sha256").hexdigest()
    return f"ratelimit:{scope}:{digest}"


def reserve(request, scope, *, limit=LIMIT, window=WINDOW_SECONDS):
    """Take one of `limit` slots of this form for this address, atomically; see the module docstring."""
    cache = caches["default"]
    key = key_for(request, scope)
    store = _store(cache)
    token = uuid.uuid4().hex
    try:
        wait = store.reserve(cache, key, token, time.time(), limit, window)
    except (RedisError, DatabaseError, OSError):
        logger.warning("Rate limit for %s unavailable: the cache did not answer; letting the post through", scope)
        return Reservation(allowed=True)
    if wait is not None:
        return Reservation(allowed=False, retry_after=max(1, math.ceil(wait)))
    return Reservation(allowed=True, _release=lambda: store.release(cache, key, token, window))


def exceeded(request, scope, *, limit=LIMIT, window=WINDOW_SECONDS):
    """True when this address has no slot left with this form now (a look only; it reserves nothing)."""
    cache = caches["default"]
    try:
        return _store(cache).count(cache, key_for(request, scope), time.time(), window) >= limit
    except (RedisError, DatabaseError, OSError):
        logger.warning("Rate limit for %s unavailable: the cache did not answer", scope)
        return False


def hit(request, scope):
    """Count one message now (reserve() without looking at the answer)."""
    return reserve(request, scope)


def _store(cache):
    if isinstance(cache, RedisCache):
        return _Redis
    if isinstance(cache, DatabaseCache):
        return _Database
    return _Local


def _decide(entries, token, now, limit, window):
    """(entries to store or None for no change, seconds to wait or None when accepted)."""
    recent = [(at, tok) for at, tok in entries if at > now - window]
    if len(recent) >= limit:
        return None, min(at for at, _tok in recent) + window - now
    return [*recent, (now, token)], None


class _Redis:
    # KEYS[1]: the sorted set (token -> time in ms); ARGV: now (ms), window (ms), limit, token.
    # Returns {} when accepted, {ms to wait} when refused. Redis runs a script alone: atomic.
    RESERVE = """
    local key, now, window, limit = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
    if redis.call('ZCARD', key) >= limit then
        local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
        return {tonumber(oldest[2]) + window - now}
    end
    redis.call('ZADD', key, now, ARGV[4])
    redis.call('PEXPIRE', key, window)
    return {}
    """

    @staticmethod
    def _client(cache, key):
        # The cache's own connection pool (and its 1 s timeouts); the key gets the cache's prefix.
        key = cache.make_and_validate_key(key)
        return cache._cache.get_client(key, write=True), key

    @classmethod
    def reserve(cls, cache, key, token, now, limit, window):
        client, key = cls._client(cache, key)
        answer = client.eval(cls.RESERVE, 1, key, int(now * 1000), int(window * 1000), limit, token)
        return answer[0] / 1000 if answer else None

    @classmethod
    def release(cls, cache, key, token, window):
        client, key = cls._client(cache, key)
        client.zrem(key, token)

    @classmethod
    def count(cls, cache, key, now, window):
        client, key = cls._client(cache, key)
        return client.zcount(key, f"({int((now - window) * 1000)}", "+inf")


def _encode(entries):
    # The database cache's own format, so cache.get() reads these rows like any other.
    return base64.b64encode(pickle.dumps(entries, DatabaseCache.pickle_protocol)).decode("latin1")


def _decode(value):
    try:
        return _entries(pickle.loads(base64.b64decode(value.encode())))
    except Exception:  # not ours, or damaged: start afresh rather than fail the visitor
        return []


def _expiry(timestamp):
    # Whole seconds, rounded up, as the database cache stores them: never before the newest entry ages out.
    return datetime.fromtimestamp(math.ceil(timestamp), tz=UTC if settings.USE_TZ else None)


class _Database:
    @staticmethod
    def _change(cache, key, window, change):
        """Run change(entries) -> (entries to store or None, answer) on the key's row, locked."""
        key = cache.make_and_validate_key(key)
        db = router.db_for_write(cache.cache_model_class)
        connection = connections[db]
        ops = connection.ops
        table, cache_key, value, expires = (ops.quote_name(n) for n in (cache._table, "cache_key", "value", "expires"))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            # Lock the key's row first, creating it if needed. This is a write, so on PostgreSQL
            # concurrent requests for the key queue on its row lock, and on SQLite on the database's
            # write lock; only then is it read, so no two requests ever count from the same value.
            cursor.execute(
                f"INSERT INTO {table} ({cache_key}, {value}, {expires}) VALUES (%s, %s, %s) "
                f"ON CONFLICT ({cache_key}) DO UPDATE SET {expires} = {table}.{expires}",
                [key, _encode([]), ops.adapt_datetimefield_value(_expiry(time.time()))],
            )
            cursor.execute(f"SELECT {value} FROM {table} WHERE {cache_key} = %s", [key])
            stored, answer = change(_decode(ops.process_clob(cursor.fetchone()[0])))
            if stored is not None:
                newest = max((at for at, _tok in stored), default=time.time() - window)
                cursor.execute(
                    f"UPDATE {table} SET {value} = %s, {expires} = %s WHERE {cache_key} = %s",
                    [_encode(stored), ops.adapt_datetimefield_value(_expiry(newest + window)), key],
                )
            return answer

    @classmethod
    def reserve(cls, cache, key, token, now, limit, window):
        return cls._change(cache, key, window, lambda entries: _decide(entries, token, now, limit, window))

    @classmethod
    def release(cls, cache, key, token, window):
        cls._change(cache, key, window, lambda entries: ([e for e in entries if e[1] != token], None))

    @staticmethod
    def count(cache, key, now, window):
        return _recent(cache.get(key), now, window)


class _Local:
    """Any other cache: exact within this process (a local-memory cache is per process anyway)."""

    lock = threading.Lock()

    @classmethod
    def reserve(cls, cache, key, token, now, limit, window):
        with cls.lock:
            stored, wait = _decide(_entries(cache.get(key)), token, now, limit, window)
            if stored is not None:
                # An explicit timeout, from the newest entry: it never lapses while an entry counts.
                cache.set(key, stored, window)
            return wait

    @classmethod
    def release(cls, cache, key, token, window):
        with cls.lock:
            entries = [e for e in _entries(cache.get(key)) if e[1] != token]
            newest = max((at for at, _tok in entries), default=None)
            if newest is None:
                cache.delete(key)
            else:
                cache.set(key, entries, max(1, math.ceil(newest + window - time.time())))

    @staticmethod
    def count(cache, key, now, window):
        return _recent(cache.get(key), now, window)


def _entries(value):
    try:
        return [(float(at), str(tok)) for at, tok in value or []]
    except (TypeError, ValueError):
        return []


def _recent(value, now, window):
    return sum(1 for at, _tok in _entries(value) if at > now - window)
