# waitress 1.4.4 -> 2.0.0 (CHANGES: "the server now logs 'Serving on ...' through the waitress logger instead of
# printing it" and "log when the connection limit is reached / left"; channel.py's service loop refactored).
CONFIG = {
    "project": "waitress",
    "A": {"version": "1.4.4", "tag": "v1.4.4", "date": "2020-06-01T12:00:00+0000"},
    "B": {"version": "2.0.0", "tag": "v2.0.0", "date": "2021-03-07T12:00:00+0000"},
    "seed": 13,
}
