# APScheduler 3.10.4 -> 3.11.0 (CHANGES 3.11.0: Python 2/old-3 code paths dropped, executors/base_py3.py folded
# into executors/base.py, the code base reformatted, pytz replaced by zoneinfo): logging calls moved and rewritten.
CONFIG = {
    "project": "APScheduler",
    "A": {"version": "3.10.4", "tag": "3.10.4", "date": "2023-08-19T12:00:00+0000"},
    "B": {"version": "3.11.0", "tag": "3.11.0", "date": "2024-11-24T12:00:00+0000"},
    "seed": 5,
}
