# Read by gunicorn from the project folder (`make run`, and the README's deployment command).
# The access log leaves out client addresses and query strings on purpose, and the logger
# class keeps feed tokens, setup, reset and invite links out of every line.
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s'
logger_class = "portal.logs.GunicornLogger"
