"""Starts Lantern's Rasa server and action server together, waits until both answer, stops both.

With them, a small static server for the demo clinic website with the chat widget (`web/serve.py`).

Used by `make run` (foreground until Ctrl-C), `make shell`, and `make test` (one shared pair of
servers for every check that talks to them: `servers.py exec -- COMMAND`).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Dict, Iterator, List

import yaml

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
RUN_DIR = ROOT / "var" / "run"
LOG_DIR = ROOT / "var" / "log"
MODEL = ROOT / "models" / "lantern.tar.gz"
STARTUP_TIMEOUT_SECONDS = 240


@dataclass
class Ports:
    rasa: int
    actions: int
    host: str = "127.0.0.1"
    web: int = 5080

    @property
    def web_url(self) -> str:
        return f"http://{self.host}:{self.web}"

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.host}:{self.actions}"


def base_environment() -> Dict[str, str]:
    """The servers' environment: no telemetry or error reports to a network that is not there."""
    env = dict(os.environ)
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    env["PYTHONPATH"] = str(ROOT)
    return env


def render_endpoints(ports: Ports) -> Path:
    """endpoints.yml with the action server's URL for these ports."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = f"{ports.actions_url}/webhook"
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    path = RUN_DIR / f"endpoints-{ports.rasa}.yml"
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False), encoding="utf-8")
    return path


def api_token() -> str:
    """The token guarding Rasa's HTTP API (trackers, parsing): from the environment or var/."""
    token = os.environ.get("LANTERN_RASA_API_TOKEN")
    if token:
        return token
    path = RUN_DIR / "rasa-api-token"
    if not path.exists():
        RUN_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (local URL)
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex((host, port)) != 0


class ServerPair:
    """The Rasa server and the action server as child processes, logging to var/log/."""

    def __init__(self, ports: Ports, log_suffix: str = "") -> None:
        self.ports = ports
        self.log_suffix = log_suffix
        self.processes: Dict[str, subprocess.Popen[bytes]] = {}
        self.logs: List[IO[bytes]] = []

    def log_path(self, name: str) -> Path:
        return LOG_DIR / f"{name}{self.log_suffix}.log"

    def _spawn(self, name: str, command: List[str]) -> None:
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path(name), "wb")  # noqa: SIM115 (closed in stop())
        self.logs.append(log)
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=base_environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def actions_command(self) -> List[str]:
        return [
            str(VENV_BIN / "rasa"),
            "run",
            "actions",
            "--actions",
            "actions",
            "--port",
            str(self.ports.actions),
        ]

    def start_actions(self) -> None:
        self._spawn("actions", self.actions_command())

    def start_web(self) -> None:
        """The demo clinic website, its widget pointed at this Rasa server (docs/widget.md)."""
        self._spawn(
            "web",
            [
                str(VENV_BIN / "python"),
                str(ROOT / "web" / "serve.py"),
                "--host",
                self.ports.host,
                "--port",
                str(self.ports.web),
                "--socket-url",
                self.ports.rasa_url,
            ],
        )

    def start_rasa(self) -> None:
        self._spawn(
            "rasa",
            [
                str(VENV_BIN / "rasa"),
                "run",
                "--model",
                str(MODEL),
                "--enable-api",
                "--auth-token",
                api_token(),
                "--cors",
                "*",
                "--interface",
                self.ports.host,
                "--port",
                str(self.ports.rasa),
                "--endpoints",
                str(render_endpoints(self.ports)),
                "--credentials",
                str(ROOT / "credentials.yml"),
            ],
        )

    def check_ports(self, names: List[str]) -> None:
        wanted = {"rasa": self.ports.rasa, "actions": self.ports.actions, "web": self.ports.web}
        busy = [f"{wanted[n]} ({n})" for n in names if not port_is_free(self.ports.host, wanted[n])]
        if busy:
            raise SystemExit(
                f"Port(s) {', '.join(busy)} already in use: is Lantern already running? "
                "Stop it, or choose other ports (LANTERN_RASA_PORT, LANTERN_ACTIONS_PORT, "
                "LANTERN_WEB_PORT)."
            )

    def wait_until_ready(self, names: List[str]) -> None:
        checks = {
            "actions": f"{self.ports.actions_url}/health",
            "rasa": f"{self.ports.rasa_url}/status?token={api_token()}",
            "web": f"{self.ports.web_url}/config.js",
        }
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        pending = list(names)
        while pending:
            for name in list(pending):
                process = self.processes[name]
                if process.poll() is not None:
                    raise SystemExit(
                        f"The {name} server exited during start-up; see {self.log_path(name)}:\n"
                        + tail(self.log_path(name))
                    )
                if answers(checks[name]):
                    pending.remove(name)
            if pending and time.monotonic() > deadline:
                raise SystemExit(f"Timed out waiting for {', '.join(pending)} to start.")
            if pending:
                time.sleep(0.5)

    def stop(self, name: str | None = None) -> None:
        """Stop one server (or both), politely first."""
        names = [name] if name else list(self.processes)
        for each in names:
            process = self.processes.pop(each, None)
            if process is None or process.poll() is not None:
                continue
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if not self.processes:
            for log in self.logs:
                log.close()
            self.logs.clear()


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@contextmanager
def running(ports: Ports, log_suffix: str = "") -> Iterator[ServerPair]:
    """Both servers up for the duration of the block."""
    if not MODEL.exists():
        raise SystemExit(f"No trained model at {MODEL}: run `make train` first.")
    pair = ServerPair(ports, log_suffix)
    pair.check_ports(["rasa", "actions", "web"])
    try:
        pair.start_actions()
        pair.start_rasa()
        pair.start_web()
        pair.wait_until_ready(["actions", "rasa", "web"])
        yield pair
    finally:
        pair.stop()


def ports_from(args: argparse.Namespace) -> Ports:
    # The website's port follows the Rasa port unless set: 5080 with 5005 (`make run`), 5180
    # with `make test`'s 5105, so a test run and `make run` never share it.
    web = args.web_port if args.web_port is not None else 5080 + (args.rasa_port - 5005)
    return Ports(rasa=args.rasa_port, actions=args.actions_port, host=args.host, web=web)


def stop_on_sigterm(_signal: int, _frame: object) -> None:
    """SIGTERM (a service manager's stop) ends `run` the same way as Ctrl-C."""
    raise KeyboardInterrupt


def cmd_run(args: argparse.Namespace) -> int:
    ports = ports_from(args)
    print("Starting the action server and the Rasa server (loading the model takes ~30 s)...")
    with running(ports):
        print()
        print(f"  Lantern is running.   REST:      POST {ports.rasa_url}/webhooks/rest/webhook")
        print(f"                        socket.io: {ports.rasa_url}/socket.io")
        print(
            f"                        SMS:       POST {ports.rasa_url}/webhooks/twilio_sms/webhook"
            " (Twilio; docs/sms-and-handoff.md)"
        )
        print(f"                        actions:   {ports.actions_url}/webhook")
        print(f"  Website with the chat widget: {ports.web_url}/")
        print(
            f"  Try it:  curl -s {ports.rasa_url}/webhooks/rest/webhook "
            "-H 'Content-Type: application/json' "
            '-d \'{"sender": "demo", "message": "what is ketamine therapy?"}\''
        )
        print("  Or talk to it in the terminal:  make shell")
        print(f"  Logs: {LOG_DIR}/   Conversations: var/ (LANTERN_TRACKER_DB_URL)")
        print("  Press Ctrl-C to stop.")
        sys.stdout.flush()
        try:
            signal.signal(signal.SIGTERM, stop_on_sigterm)
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            print("\nStopping Lantern...")
    print("Stopped.")
    return 0


def cmd_exec(args: argparse.Namespace) -> int:
    ports = ports_from(args)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    started = time.monotonic()
    with running(ports, log_suffix="-test") as pair:
        print(f"servers ready in {time.monotonic() - started:.0f} s", flush=True)
        env = base_environment()
        env.update(
            LANTERN_RASA_URL=ports.rasa_url,
            LANTERN_ACTIONS_URL=ports.actions_url,
            LANTERN_WEB_URL=ports.web_url,
            LANTERN_RASA_API_TOKEN=api_token(),
            LANTERN_RASA_LOG=str(pair.log_path("rasa")),
            LANTERN_ACTIONS_LOG=str(pair.log_path("actions")),
            LANTERN_WEB_LOG=str(pair.log_path("web")),
            # Lets a test stop the action server to check what still works without it.
            LANTERN_ACTIONS_PID=str(pair.processes["actions"].pid),
            LANTERN_ACTIONS_CMD=json.dumps(pair.actions_command()),
        )
        return subprocess.call(command, cwd=ROOT, env=env)


def cmd_shell(args: argparse.Namespace) -> int:
    ports = ports_from(args)
    pair = ServerPair(ports, log_suffix="-shell")
    pair.check_ports(["actions"])
    try:
        pair.start_actions()
        pair.wait_until_ready(["actions"])
        return subprocess.call(
            [
                str(VENV_BIN / "rasa"),
                "shell",
                "--model",
                str(MODEL),
                "--endpoints",
                str(render_endpoints(ports)),
                "--port",
                str(ports.rasa),
            ],
            cwd=ROOT,
            env=base_environment(),
        )
    finally:
        pair.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("LANTERN_HOST", "127.0.0.1"))
    parser.add_argument(
        "--rasa-port", type=int, default=int(os.environ.get("LANTERN_RASA_PORT", 5005))
    )
    parser.add_argument(
        "--actions-port", type=int, default=int(os.environ.get("LANTERN_ACTIONS_PORT", 5055))
    )
    parser.add_argument(
        "--web-port",
        type=int,
        default=int(os.environ["LANTERN_WEB_PORT"]) if os.environ.get("LANTERN_WEB_PORT") else None,
        help="the demo website's port (default: 5080, plus the Rasa port's offset from 5005)",
    )
    sub = parser.add_subparsers(dest="mode", required=True)
    sub.add_parser("run", help="run both servers until Ctrl-C").set_defaults(func=cmd_run)
    sub.add_parser("shell", help="talk to the assistant in the terminal").set_defaults(
        func=cmd_shell
    )
    exec_parser = sub.add_parser("exec", help="run COMMAND while both servers are up")
    exec_parser.add_argument("command", nargs=argparse.REMAINDER)
    exec_parser.set_defaults(func=cmd_exec)
    args = parser.parse_args()
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
