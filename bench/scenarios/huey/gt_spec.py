# Ground truth for huey 2.4.0 -> 2.5.0, written by hand from `git diff 2.4.0 2.5.0` of the generated repo and the
# logs of workload.py (counts and examples are filled in by the shared gtbuild.py).
SPEC = {
    "tag_A": "2.4.0",
    "tag_B": "2.5.0",
    "commit_A": None,   # filled in by run.py from the generated repository
    "commit_B": None,
    "logs": {"A": "logs/A.log", "B": "logs/B.log", "B_fault": "logs/B_fault.log"},
    "log_format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
    "new_in_B": [
        {"level": "WARNING", "logger": "huey", "template": "Task <*> not run, unable to acquire lock <*>.",
         "cause": {"kind": "log call changed (message format): the exception's text, which now names the lock",
                   "file": "huey/api.py", "hunk": "@@ -380,12 +384,24 @@ class Huey(object):",
                   "diff_line": "+            logger.warning('Task %s not run, %s.', task.id, exc)"},
         "notes": "message built in two places: 'Task %s not run, %s.' and TaskLockedException('unable to acquire "
                  "lock %s' % self._name) (@@ -853,7 +907,7 @@ class TaskLock)", "example_from": "B"},
        {"level": "WARNING", "logger": "huey", "template": "Task <*> cancelled by <*> (pre-execute).",
         "cause": {"kind": "log call changed (message format)", "file": "huey/api.py",
                   "hunk": "@@ -443,7 +467,8 @@ class Huey(object):",
                   "diff_line": "+                logger.warning('Task %s cancelled by %s (pre-execute).',"},
         "notes": "the call now spans two lines", "example_from": "B"},
    ],
    "vanished_in_B": [
        {"level": "WARNING", "logger": "huey", "template": "Task <*> not run, unable to acquire lock.",
         "cause": {"kind": "log call changed (message format)", "file": "huey/api.py",
                   "hunk": "@@ -380,12 +384,24 @@ class Huey(object):",
                   "diff_line": "-            logger.warning('Task %s not run, unable to acquire lock.', task.id)"},
         "example_from": "A"},
        {"level": "WARNING", "logger": "huey", "template": "Task <*> cancelled by <*>.",
         "regex": r"^Task \S+ \S+ cancelled by \S+\.$",
         "cause": {"kind": "log call changed (message format)", "file": "huey/api.py",
                   "hunk": "@@ -443,7 +467,8 @@ class Huey(object):",
                   "diff_line": "-                logger.warning('Task %s cancelled by %s.', task, name)"},
         "example_from": "A"},
    ],
    "event_reworded_pairs": [
        ["Task <*> not run, unable to acquire lock.", "Task <*> not run, unable to acquire lock <*>."],
        ["Task <*> cancelled by <*>.", "Task <*> cancelled by <*> (pre-execute)."],
    ],
    "level_changed": [],
    "changed_variable_values": [],
    "unchanged_despite_diff": [
        {"level": "INFO", "logger": "huey.consumer", "template": "Received SIGINT",
         "cause": {"kind": "log call added in a new gevent signal handler; the same call in run() is unchanged",
                   "file": "huey/consumer.py", "hunk": "@@ -486,15 +499,35 @@ class Consumer(object):",
                   "diff_line": "+        self._logger.info('Received SIGINT')"},
         "notes": "logged once per run in A and B (the workload stops the consumer with SIGINT)"},
    ],
    "rate_shifts_A_to_B": [],
    "new_in_B_fault": [
        {"level": "ERROR", "logger": "huey", "template": "Unhandled exception in task <*>.",
         "cause": {"kind": "existing log call newly reached (inventory backend down, reports timeout lowered, "
                           "renderer dependency missing)", "file": "huey/api.py"},
         "notes": "tracebacks end in ConnectionRefusedError, TimeoutError, ModuleNotFoundError; deepest repository "
                  "frame huey/api.py execute()", "example_from": "B_fault"},
    ],
    "new_status_variants_in_B_fault": [],
    "rate_shifts_B_to_B_fault": [
        {"level": "INFO", "logger": "shop.tasks", "template": "receipt sent to customer <*> (<*> bytes)",
         "notes": "vanishes: the renderer is missing"},
        {"level": "INFO", "logger": "shop.tasks", "template": "inventory of <*> synced: <*> units",
         "notes": "vanishes: the inventory backend is down"},
    ],
}
