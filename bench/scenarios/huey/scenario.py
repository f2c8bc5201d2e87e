# huey 2.4.0 -> 2.5.0 (CHANGELOG 2.4.x/2.5.0: a lock failure names the lock, pre-execute cancellations say so,
# CancelExecution raised by a task handled, consumer shutdown paths reorganised).
CONFIG = {
    "project": "huey",
    "A": {"version": "2.4.0", "tag": "2.4.0", "date": "2021-06-22T12:00:00+0000"},
    "B": {"version": "2.5.0", "tag": "2.5.0", "date": "2023-08-02T12:00:00+0000"},
    "seed": 21,
}
