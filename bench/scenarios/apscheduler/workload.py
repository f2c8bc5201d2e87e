"""Seeded workload for APScheduler: a background scheduler running three interval jobs for six seconds.

Jobs: refresh_prices (a pricing backend call), send_digest (a slow mail backend), rebuild_index (slower than its
interval, max_instances=1, so some runs are skipped). --fault: the pricing backend is down
(ConnectionRefusedError), the mail backend timeout is lowered below its delay (TimeoutError), and the index
builder's dependency is missing (ModuleNotFoundError)."""
import argparse
import importlib
import logging
import random
import socket
import socketserver
import threading
import time

ap = argparse.ArgumentParser()
ap.add_argument("--seed", type=int, default=5)
ap.add_argument("--log", required=True)
ap.add_argument("--fault", action="store_true")
args = ap.parse_args()
logging.basicConfig(filename=args.log, level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("shop.jobs")
rng = random.Random(args.seed)

from apscheduler.schedulers.background import BackgroundScheduler  # noqa: E402


class Backend(socketserver.BaseRequestHandler):
    def handle(self):
        line = self.request.recv(256).decode().strip()
        if line.startswith("DIGEST"):
            time.sleep(0.08)
        self.request.sendall(f"{len(line) * 5}\n".encode())


def serve():
    s = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Backend)
    s.daemon_threads = True
    threading.Thread(target=s.serve_forever, daemon=True).start()
    return s.server_address[1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


mail_port = serve()
pricing_port = free_port() if args.fault else serve()
DIGEST_TIMEOUT = 0.02 if args.fault else 2.0
INDEXER = "search_indexer_missing" if args.fault else "string"


def ask(port, query, timeout=2.0):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(query.encode() + b"\n")
        return int(s.recv(64).decode())


def refresh_prices():
    sku = f"sku-{rng.randint(100, 140)}"
    log.info("price of %s refreshed: %d cents", sku, ask(pricing_port, f"PRICE {sku}"))


def send_digest():
    log.info("digest mailed (%d bytes)", ask(mail_port, f"DIGEST {rng.randint(1, 9)}", DIGEST_TIMEOUT))


def rebuild_index():
    module = importlib.import_module(INDEXER)
    time.sleep(0.45)
    log.info("search index rebuilt: %d documents", len(module.ascii_letters) * rng.randint(10, 20))


scheduler = BackgroundScheduler(timezone="UTC")
scheduler.add_job(refresh_prices, "interval", seconds=0.15, id="refresh_prices")
scheduler.add_job(send_digest, "interval", seconds=0.4, id="send_digest")
scheduler.add_job(rebuild_index, "interval", seconds=0.2, id="rebuild_index", max_instances=1)
scheduler.start()
time.sleep(6)
scheduler.shutdown(wait=True)
logging.shutdown()
