"""Seeded workload for waitress: a WSGI shop API in front of a TCP pricing backend.

Normal runs: quotes (backend call), health checks, a slow report (backend delays; generous timeout), a render page,
and a burst of idle connections that reaches the server's connection limit. --fault: the pricing backend is down
(ConnectionRefusedError), the reports backend's timeout is lowered below its delay (TimeoutError), and the
render page's template dependency is missing (ModuleNotFoundError)."""
import argparse
import http.client
import importlib
import logging
import random
import socket
import socketserver
import sys
import threading
import time

ap = argparse.ArgumentParser()
ap.add_argument("--seed", type=int, default=13)
ap.add_argument("--log", required=True)
ap.add_argument("--fault", action="store_true")
args = ap.parse_args()
logging.basicConfig(filename=args.log, level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("shop.api")
rng = random.Random(args.seed)

import waitress  # noqa: E402  (after logging is configured)


class Pricing(socketserver.BaseRequestHandler):
    def handle(self):
        line = self.request.recv(256).decode().strip()
        if line.startswith("REPORT"):
            time.sleep(0.15)
        self.request.sendall(f"{100 + len(line) * 7}\n".encode())


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_backend(port):
    backend = socketserver.ThreadingTCPServer(("127.0.0.1", port), Pricing)
    backend.daemon_threads = True
    threading.Thread(target=backend.serve_forever, daemon=True).start()


pricing_port, reports_port = free_port(), free_port()
if not args.fault:
    start_backend(pricing_port)
start_backend(reports_port)
REPORT_TIMEOUT = 0.05 if args.fault else 2.0
RENDERER = "shop_templates_missing" if args.fault else "string"


def ask_backend(port, query, timeout):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(query.encode() + b"\n")
        return int(s.recv(64).decode())


def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/health":
        body = b"ok"
    elif path == "/quote":
        item = environ.get("QUERY_STRING", "item=0").split("=")[1]
        price = ask_backend(pricing_port, f"QUOTE {item}", 2.0)
        log.info("quote for item %s: %d cents", item, price)
        body = str(price).encode()
    elif path == "/report":
        total = ask_backend(reports_port, "REPORT daily", REPORT_TIMEOUT)
        log.info("daily report total %d", total)
        body = str(total).encode()
    elif path == "/render":
        module = importlib.import_module(RENDERER)
        body = module.Template("order $n").substitute(n=rng.randint(1, 9)).encode()
    else:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"no"]
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


port = free_port()
sys.stdout = open("/dev/null", "w")   # 1.4.4 prints "Serving on ..." instead of logging it
threading.Thread(target=waitress.serve, args=(app,), daemon=True,
                 kwargs={"host": "127.0.0.1", "port": port, "threads": 4, "connection_limit": 12}).start()
time.sleep(0.3)


def request(path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        c.request("GET", path)
        return c.getresponse().status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        c.close()


def idle_burst(n):
    """More open connections than the limit, held briefly: the server stops accepting, then accepts again."""
    socks = []
    for _ in range(n):
        try:
            socks.append(socket.create_connection(("127.0.0.1", port), timeout=1))
        except OSError:
            pass
    time.sleep(0.4)
    for s in socks:
        s.close()
    time.sleep(0.3)


for i in range(400):
    r = rng.random()
    if r < 0.65:
        request(f"/quote?item={rng.randint(1, 40)}")
    elif r < 0.85:
        request("/health")
    elif r < 0.93:
        request("/report")
    else:
        request("/render")
    if i % 100 == 50:
        idle_burst(16)
time.sleep(0.5)
logging.shutdown()
