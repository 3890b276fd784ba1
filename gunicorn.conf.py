"""gunicorn settings, all from the environment (see README, "Deploying").

gunicorn vluchtwijzer.wsgi   # reads this file from the working directory
"""

import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
keepalive = 5
accesslog = "-" if os.environ.get("ACCESS_LOG", "true").lower() in {"1", "true", "yes"} else None
errorlog = "-"
# Behind a reverse proxy on the same host: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
