"""The database cache, with an atomic incr(): rate-limit counters that all workers share."""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils.timezone import now


class AtomicDatabaseCache(DatabaseCache):
    """Django's database cache, whose incr() counts every hit of concurrent workers.

    Django's generic incr() reads then writes, so two workers can both count 5 → 6, and it
    resets the expiry. Here the row is locked first and only its value is rewritten.
    """

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        current = connection.ops.adapt_datetimefield_value(
            now().replace(microsecond=0, tzinfo=None)
        )
        with transaction.atomic(using=db), connection.cursor() as cursor:
            # A write that changes nothing takes the row's lock, on PostgreSQL and SQLite alike.
            cursor.execute(f"UPDATE {table} SET expires = expires WHERE cache_key = %s", [key])
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires > %s", [key, current]
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta
            stored = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET value = %s WHERE cache_key = %s", [stored, key])
        return value
