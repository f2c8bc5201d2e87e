"""Run Drain3 (https://github.com/logpai/Drain3) with its default config.

Runs inside the venv made by common.ensure_venv(); the benchmark scripts call
it, people normally don't. Input files hold one message content per line.

  drain3_runner.py templates IN OUT   write, per input line, the final template
                                      of the cluster the line joined
  drain3_runner.py speed IN           mine IN, print JSON timing + peak RSS

Used on the Loghub-2k data (https://github.com/logpai/loghub) and on corpora
generated from it.
"""

import json
import resource
import sys
import time

from drain3 import TemplateMiner
from drain3.template_miner_config import TemplateMinerConfig


def new_miner():
    # An explicit default config: TemplateMiner() alone would read a
    # drain3.ini from the cwd if one existed. No masking, no persistence.
    return TemplateMiner(config=TemplateMinerConfig())


def contents(path):
    # newline="\n": a stray '\r' inside a message must not split it.
    with open(path, encoding="utf-8", newline="\n") as f:
        for line in f:
            yield line[:-1] if line.endswith("\n") else line


def final_templates(in_path, out_path):
    miner = new_miner()
    cluster_ids = [miner.add_log_message(c)["cluster_id"] for c in contents(in_path)]
    # Templates widen as lines arrive; score every line with its cluster's
    # template at the end, as logpai's Drain output does.
    clusters = {c.cluster_id: c for c in miner.drain.clusters}
    with open(out_path, "w", encoding="utf-8", newline="\n") as out:
        for cid in cluster_ids:
            out.write(clusters[cid].get_template() + "\n")


def speed(in_path):
    miner = new_miner()
    lines = 0
    start = time.perf_counter()
    for content in contents(in_path):
        miner.add_log_message(content)
        lines += 1
    seconds = time.perf_counter() - start
    print(json.dumps({
        "lines": lines,
        "seconds": seconds,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "clusters": len(miner.drain.clusters),
    }))


def main(argv):
    if argv[:1] == ["templates"] and len(argv) == 3:
        final_templates(argv[1], argv[2])
    elif argv[:1] == ["speed"] and len(argv) == 2:
        speed(argv[1])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
