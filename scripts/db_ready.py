"""Exit 0 when the PostgreSQL server of DATABASE_URL (argv[1]) accepts a connection.

Connects to the server's `postgres` database: the test database itself is
created by the test run.
"""

import sys

import dj_database_url
import psycopg

config = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
        connect_timeout=3,
    ).close()
except psycopg.Error as error:
    print(error)
    sys.exit(1)
