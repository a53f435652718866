"""The moment the process started, recorded first so start-up time can be logged on ready."""

import time

START = time.perf_counter()
