"""Benchmark: Lantern against Rasa's starter bot (`rasa init`), same load, same run.

Starts each assistant, plays many conversations concurrently over REST, and prints p50/p95/p99
latency, throughput and the Rasa server's peak memory (RSS), then the ratio Lantern/starter.
A script, not a test: the figures depend on the machine and are for reading, not asserting.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List

import psutil
import requests
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crisis_figures import cost_per_message  # noqa: E402 (scripts/ is not a package)
from servers import (  # noqa: E402
    VENV_BIN,
    Ports,
    answers,
    base_environment,
    running,
)

LANTERN_CONVERSATION = [
    "hi",
    "what is ketamine therapy?",
    "what were the results of the study",
    "is it safe",
    "where are you located",
    "thanks",
]
CRISIS_EVALUATION_SET = Path(__file__).resolve().parent.parent / "tests" / "crisis" / "eval.yml"
STARTER_CONVERSATION = ["hi", "I am sad", "yes", "are you a bot?", "great", "bye"]


@dataclass
class Figures:
    name: str
    latencies_ms: List[float]
    seconds: float
    peak_rss_mb: float
    errors: int

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.seconds


class PeakMemory:
    """Polls a process tree's resident memory while the load runs."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            time.sleep(0.1)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def play(url: str, conversation: List[str], conversations: int, concurrency: int) -> tuple:
    latencies: List[float] = []
    errors = 0
    lock = threading.Lock()

    def one(_: int) -> None:
        nonlocal errors
        session = requests.Session()
        sender = f"bench-{uuid.uuid4().hex}"
        for message in conversation:
            started = time.perf_counter()
            try:
                response = session.post(
                    f"{url}/webhooks/rest/webhook",
                    json={"sender": sender, "message": message},
                    timeout=60,
                )
                ok = response.status_code == 200
            except requests.RequestException:
                ok = False
            took = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(took)
                errors += 0 if ok else 1

    # Warm up: the first messages after loading pay for lazy initialisation.
    for message in conversation:
        requests.post(
            f"{url}/webhooks/rest/webhook",
            json={"sender": "warmup", "message": message},
            timeout=60,
        )
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(conversations)))
    return latencies, time.perf_counter() - started, errors


def measure(
    name: str, url: str, pid: int, conversation: List[str], args: argparse.Namespace
) -> Figures:
    with PeakMemory(pid) as memory:
        latencies, seconds, errors = play(url, conversation, args.conversations, args.concurrency)
    return Figures(name, latencies, seconds, memory.peak / 2**20, errors)


def lantern_figures(args: argparse.Namespace) -> Figures:
    os.environ.setdefault(
        "LANTERN_TRACKER_DB_URL", f"sqlite:///{Path('var/bench/tracker.db').resolve()}"
    )
    ports = Ports(rasa=args.port, actions=args.port + 50)
    with running(ports, log_suffix="-bench") as pair:
        return measure(
            "lantern", ports.rasa_url, pair.processes["rasa"].pid, LANTERN_CONVERSATION, args
        )


def starter_figures(args: argparse.Namespace) -> Figures:
    env = base_environment()
    env.pop("PYTHONPATH", None)
    with tempfile.TemporaryDirectory(prefix="rasa-starter-") as folder:
        print("Training Rasa's starter bot (rasa init) for comparison...", flush=True)
        subprocess.run(
            [str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", folder],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port = args.port + 100
        with open(Path(folder) / "server.log", "wb") as log:
            server = subprocess.Popen(
                [str(VENV_BIN / "rasa"), "run", "--port", str(port), "--interface", "127.0.0.1"],
                cwd=folder,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                wait_for(lambda: answers(f"http://127.0.0.1:{port}/"), server)
                wait_for(
                    lambda: bool(
                        requests.post(
                            f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                            json={"sender": "ready", "message": "hi"},
                            timeout=30,
                        ).json()
                    ),
                    server,
                )
                return measure(
                    "rasa init", f"http://127.0.0.1:{port}", server.pid, STARTER_CONVERSATION, args
                )
            finally:
                server.terminate()
                server.wait(timeout=30)


def wait_for(check: Callable[[], bool], process: subprocess.Popen, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the starter bot's server exited during start-up")
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit("timed out waiting for the starter bot")


def report(figures: List[Figures], ratio_of: tuple | None = None) -> None:
    print()
    print(
        f"{'':12}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'mean ms':>9}{'req/s':>8}{'peak RSS MB':>13}"
    )
    for f in figures:
        print(
            f"{f.name:12}{len(f.latencies_ms):>9}{f.errors:>8}{f.percentile(0.5):>9.1f}"
            f"{f.percentile(0.95):>9.1f}{f.percentile(0.99):>9.1f}"
            f"{statistics.fmean(f.latencies_ms):>9.1f}{f.throughput:>8.1f}{f.peak_rss_mb:>13.0f}"
        )
    if ratio_of:
        a, b = ratio_of
        print(
            f"{'ratio':12}{'':>9}{'':>8}{a.percentile(0.5) / b.percentile(0.5):>9.2f}"
            f"{a.percentile(0.95) / b.percentile(0.95):>9.2f}"
            f"{a.percentile(0.99) / b.percentile(0.99):>9.2f}"
            f"{statistics.fmean(a.latencies_ms) / statistics.fmean(b.latencies_ms):>9.2f}"
            f"{a.throughput / b.throughput:>8.2f}{a.peak_rss_mb / b.peak_rss_mb:>13.2f}"
        )
        print(
            "(ratio = lantern / rasa init; Lantern stores every event in SQLite,"
            " the starter keeps them in memory)"
        )


def crisis_layer_cost(repeats: int = 5) -> None:
    """The crisis layers' own cost per message, over the evaluation set.

    The matcher and the crisis model run in the NLU pipeline on every message (the model only
    when the matcher found nothing, so "both" is the most a message costs); the classifier
    layer is part of DIET's single prediction and adds nothing measurable on its own.
    """
    from evaluate_crisis_matcher import trained_crisis_model

    from lantern.crisis.matcher import load_matcher

    matcher, model = load_matcher(), trained_crisis_model()
    sets = yaml.safe_load(CRISIS_EVALUATION_SET.read_text())
    texts = [item["text"] for items in sets.values() for item in items]

    def both(text: str) -> None:
        matcher.detect(text)
        model.assess(text)

    for name, layer in (("matcher", matcher.detect), ("model", model.assess), ("both", both)):
        print(f"crisis layer, {name}: {cost_per_message(layer, texts, repeats=repeats)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=5205)
    parser.add_argument("--skip-starter", action="store_true", help="measure Lantern only")
    parser.add_argument(
        "--crisis-only", action="store_true", help="only the crisis layer's cost per message"
    )
    args = parser.parse_args()
    crisis_layer_cost()
    if args.crisis_only:
        return 0
    print(
        f"{args.conversations} conversations of {len(LANTERN_CONVERSATION)} messages, "
        f"{args.concurrency} at a time, over REST"
    )
    lantern = lantern_figures(args)
    if args.skip_starter:
        report([lantern])
        return 0
    starter = starter_figures(args)
    report([lantern, starter], ratio_of=(lantern, starter))
    return 0


if __name__ == "__main__":
    sys.exit(main())
