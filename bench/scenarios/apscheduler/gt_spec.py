# Ground truth for APScheduler 3.10.4 -> 3.11.0, written by hand from `git diff -M 3.10.4 3.11.0` of the generated
# repo and the logs of workload.py (counts and examples are filled in by the shared gtbuild.py).
# The release rewrites many logging calls (executors/base_py3.py folded into executors/base.py, the package moved
# to src/, quotes and line breaks reformatted) without changing one message: a deploy whose logs do not change.
_EXEC = "@@ -125,22 +131,75 @@ def run_job(job, jobstore_alias, run_times, logger_name):"
SPEC = {
    "tag_A": "3.10.4",
    "tag_B": "3.11.0",
    "commit_A": None,   # filled in by run.py from the generated repository
    "commit_B": None,
    "logs": {"A": "logs/A.log", "B": "logs/B.log", "B_fault": "logs/B_fault.log"},
    "log_format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
    "new_in_B": [],
    "vanished_in_B": [],
    "level_changed": [],
    "changed_variable_values": [],
    "unchanged_despite_diff": [
        {"level": "INFO", "logger": "apscheduler.executors.default", "template": 'Running job "<*>" (scheduled at <*>)',
         "cause": {"kind": "log call moved from executors/base_py3.py (deleted) to executors/base.py (same output)",
                   "file": "src/apscheduler/executors/base.py", "hunk": _EXEC,
                   "diff_line": "+        logger.info('Running job \"%s\" (scheduled at %s)', job, run_time)"}},
        {"level": "INFO", "logger": "apscheduler.executors.default", "template": 'Job "<*>" executed successfully',
         "cause": {"kind": "log call moved (same output)", "file": "src/apscheduler/executors/base.py",
                   "hunk": _EXEC, "diff_line": "+            logger.info('Job \"%s\" executed successfully', job)"}},
        {"level": "INFO", "logger": "apscheduler.scheduler", "template": "Scheduler started",
         "cause": {"kind": "log call reformatted (quotes)", "file": "src/apscheduler/schedulers/base.py",
                   "hunk": "@@ -178,8 +211,8 @@ class BaseScheduler(six.with_metaclass(ABCMeta)):",
                   "diff_line": '+        self._logger.info("Scheduler started")'}},
        {"level": "INFO", "logger": "apscheduler.scheduler", "template": "Scheduler has been shut down",
         "cause": {"kind": "log call reformatted (quotes)", "file": "src/apscheduler/schedulers/base.py",
                   "hunk": "@@ -202,14 +235,14 @@ class BaseScheduler(six.with_metaclass(ABCMeta)):",
                   "diff_line": '+        self._logger.info("Scheduler has been shut down")'}},
        {"level": "INFO", "logger": "apscheduler.scheduler",
         "template": "Adding job tentatively -- it will be properly scheduled when the scheduler starts",
         "cause": {"kind": "log call reformatted over more lines (implicit concatenation)",
                   "file": "src/apscheduler/schedulers/base.py",
                   "hunk": "@@ -431,37 +483,51 @@ class BaseScheduler(six.with_metaclass(ABCMeta)):",
                   "diff_line": '+                    "Adding job tentatively -- it will be properly scheduled when "'}},
    ],
    "rate_shifts_A_to_B": [],
    "new_in_B_fault": [
        {"level": "ERROR", "logger": "apscheduler.executors.default", "template": 'Job "<*>" raised an exception',
         "cause": {"kind": "existing log call newly reached (pricing backend down, mail timeout lowered, indexer "
                           "dependency missing); the call itself moved in this release (same output)",
                   "file": "src/apscheduler/executors/base.py"},
         "notes": "tracebacks end in ConnectionRefusedError, TimeoutError, ModuleNotFoundError; deepest repository "
                  "frame apscheduler/executors/base.py run_job()", "example_from": "B_fault"},
    ],
    "new_status_variants_in_B_fault": [],
    "rate_shifts_B_to_B_fault": [
        {"level": "INFO", "logger": "shop.jobs", "template": "price of <*> refreshed: <*> cents",
         "notes": "vanishes: the pricing backend is down"},
        {"level": "INFO", "logger": "apscheduler.executors.default", "template": 'Job "<*>" executed successfully',
         "notes": "falls: every job fails"},
    ],
}
