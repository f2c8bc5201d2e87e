"""Seeded workload for huey: a SQLite-backed task queue consumed by three worker threads.

Tasks: receipts (a mail backend call; a pre-execute hook cancels receipts of blocked customers), inventory syncs
(an inventory backend call), daily reports (a slow reports backend, serialised by a task lock, so concurrent runs
are refused). The consumer stops on SIGINT. --fault: the inventory backend is down (ConnectionRefusedError), the
reports backend timeout is lowered below its delay (TimeoutError), and the receipt renderer's dependency is
missing (ModuleNotFoundError)."""
import argparse
import importlib
import logging
import os
import random
import signal
import socket
import socketserver
import tempfile
import threading
import time

ap = argparse.ArgumentParser()
ap.add_argument("--seed", type=int, default=21)
ap.add_argument("--log", required=True)
ap.add_argument("--fault", action="store_true")
args = ap.parse_args()
logging.basicConfig(filename=args.log, level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("shop.tasks")
rng = random.Random(args.seed)

from huey import SqliteHuey  # noqa: E402
from huey.exceptions import CancelExecution  # noqa: E402


class Backend(socketserver.BaseRequestHandler):
    def handle(self):
        line = self.request.recv(256).decode().strip()
        if line.startswith("REPORT"):
            time.sleep(0.1)
        self.request.sendall(f"{len(line) * 3}\n".encode())


def serve():
    s = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Backend)
    s.daemon_threads = True
    threading.Thread(target=s.serve_forever, daemon=True).start()
    return s.server_address[1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


mail_port, reports_port = serve(), serve()
inventory_port = free_port() if args.fault else serve()
REPORT_TIMEOUT = 0.02 if args.fault else 2.0
RENDERER = "receipt_renderer_missing" if args.fault else "string"


def ask(port, query, timeout=2.0):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(query.encode() + b"\n")
        return int(s.recv(64).decode())


workdir = tempfile.mkdtemp(prefix="huey-scenario-")
huey = SqliteHuey("shop", filename=os.path.join(workdir, "queue.db"))
BLOCKED = {7, 19, 31}


@huey.pre_execute()
def skip_blocked_customers(task):
    if task.name == "send_receipt" and task.args and task.args[0] in BLOCKED:
        raise CancelExecution()


@huey.task()
def send_receipt(customer):
    module = importlib.import_module(RENDERER)
    body = module.Template("receipt for $c").substitute(c=customer)
    log.info("receipt sent to customer %d (%d bytes)", customer, ask(mail_port, body))


@huey.task()
def sync_inventory(sku):
    log.info("inventory of %s synced: %d units", sku, ask(inventory_port, f"SKU {sku}"))


@huey.task()
@huey.lock_task("daily-report")
def build_report(day):
    total = ask(reports_port, f"REPORT {day}", REPORT_TIMEOUT)
    time.sleep(0.2)
    log.info("report for day %d: total %d", day, total)


def produce():
    time.sleep(0.5)
    pending = []
    for i in range(240):
        r = rng.random()
        if r < 0.5:
            pending.append(send_receipt(rng.randint(1, 40)))
        elif r < 0.9:
            pending.append(sync_inventory(f"sku-{rng.randint(100, 160)}"))
        else:
            pending += [build_report(i % 7) for _ in range(3)]   # three at once: two find the lock taken
        time.sleep(0.01)
    # Cancelled and refused tasks leave no result: wait for the queue to drain instead.
    deadline = time.time() + 30
    while huey.pending_count() and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGINT)


threading.Thread(target=produce, daemon=True).start()
consumer = huey.create_consumer(workers=3, worker_type="thread", periodic=False)
consumer.run()
logging.shutdown()
