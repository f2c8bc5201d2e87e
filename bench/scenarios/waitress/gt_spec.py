# Ground truth for waitress v1.4.4 -> v2.0.0, written by hand from `git diff v1.4.4 v2.0.0` of the generated repo
# and the logs of workload.py (counts and examples are filled in by the shared gtbuild.py).
SPEC = {
    "tag_A": "v1.4.4",
    "tag_B": "v2.0.0",
    "commit_A": None,   # filled in by run.py from the generated repository
    "commit_B": None,
    "logs": {"A": "logs/A.log", "B": "logs/B.log", "B_fault": "logs/B_fault.log"},
    "log_format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
    "new_in_B": [
        {"level": "INFO", "logger": "waitress", "template": "Serving on http://<*>",
         "cause": {"kind": "log call added (print_listen logs through log_info instead of print)",
                   "file": "src/waitress/server.py", "hunk": "@@ -354,8 +347,8 @@ class BaseWSGIServer",
                   "diff_line": "+        self.log_info(format_str.format(self.effective_host, self.effective_port))"},
         "notes": "the literal 'Serving on http://{}:{}' is in waitress/__init__.py (unchanged); v1.4.4 printed it to stdout",
         "example_from": "B"},
        {"level": "WARNING", "logger": "waitress",
         "template": "total open connections reached the connection limit, no longer accepting new connections",
         "cause": {"kind": "log call added", "file": "src/waitress/server.py",
                   "hunk": "@@ -295,7 +267,28 @@ class BaseWSGIServer",
                   "diff_line": '+                    "total open connections reached the connection limit, "'},
         "notes": "message built by implicit string concatenation over two lines", "example_from": "B"},
        {"level": "INFO", "logger": "waitress",
         "template": "total open connections dropped below the connection limit, listening again",
         "cause": {"kind": "log call added", "file": "src/waitress/server.py",
                   "hunk": "@@ -295,7 +267,28 @@ class BaseWSGIServer",
                   "diff_line": '+                    "total open connections dropped below the connection limit, "'},
         "example_from": "B"},
    ],
    "vanished_in_B": [],
    "level_changed": [],
    "changed_variable_values": [],
    "unchanged_despite_diff": [
        {"level": "ERROR", "logger": "waitress", "template": "Exception while serving <*>",
         "cause": {"kind": "log call moved out of a nested try (same output)", "file": "src/waitress/channel.py",
                   "hunk": "@@ -338,82 +382,101 @@ class HTTPChannel",
                   "diff_line": '+            self.logger.exception("Exception while serving %s" % task.request.path)'},
         "notes": "reached only in the fault run, where it is the regression signal (newly reached, not added)"},
        {"level": "INFO", "logger": "waitress", "template": "Client disconnected while serving <*>",
         "cause": {"kind": "log call moved (same output)", "file": "src/waitress/channel.py",
                   "hunk": "@@ -338,82 +382,101 @@ class HTTPChannel",
                   "diff_line": '+            self.logger.info("Client disconnected while serving %s" % task.request.path)'},
         "notes": "not reached by the workload"},
    ],
    "rate_shifts_A_to_B": [],
    "new_in_B_fault": [
        {"level": "ERROR", "logger": "waitress", "template": "Exception while serving <*>",
         "cause": {"kind": "existing log call newly reached (pricing backend down, reports timeout lowered, "
                           "template module missing)", "file": "src/waitress/channel.py"},
         "notes": "tracebacks end in ConnectionRefusedError, TimeoutError, ModuleNotFoundError; deepest repository "
                  "frame waitress/task.py execute()", "example_from": "B_fault"},
    ],
    "new_status_variants_in_B_fault": [
        {"level": "WARNING", "logger": "waitress.queue", "template": "Task queue depth is <*>",
         "notes": "timing-dependent: failing requests return early, so the queue can back up in a burst"},
    ],
    "rate_shifts_B_to_B_fault": [
        {"level": "INFO", "logger": "shop.api", "template": "quote for item <*>: <*> cents",
         "notes": "vanishes: every quote fails while the pricing backend is down"},
        {"level": "INFO", "logger": "shop.api", "template": "daily report total <*>", "notes": "vanishes: timeout"},
    ],
}
