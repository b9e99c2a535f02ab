"""The demo clinic website with the chat widget: a small static server for `make run` and tests.

Serves `web/static/` and two generated answers:
- `/` (`index.html`): the demo page, with the clinic's name and phone from the clinic profile;
- `/config.js`: `window.LanternWidget = {...}`, pointing the widget at this run's Rasa server.

Started by `scripts/servers.py` next to the Rasa and action servers:
    python web/serve.py --port 5080 --socket-url http://127.0.0.1:5005
"""

from __future__ import annotations

import argparse
import html
import json
import os
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict
from urllib.parse import urlsplit

from lantern.clinic import ClinicProfile, load_profile
from lantern.paths import DEFAULT_PROFILE_PATH

STATIC = Path(__file__).resolve().parent / "static"


def widget_config(profile: ClinicProfile, socket_url: str) -> Dict[str, Any]:
    return {
        "socketUrl": socket_url,
        "clinicName": profile.name,
        "clinicPhone": profile.phone.intake,
        "emergencyNumber": profile.emergency.emergency,
        "crisisLine": profile.emergency.crisis_line,
    }


def content_security_policy(socket_url: str) -> str:
    """Only the page's own scripts run, and the widget may talk only to the Rasa server."""
    parts = urlsplit(socket_url)
    ws_scheme = "wss" if parts.scheme == "https" else "ws"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            f"connect-src 'self' {ws_scheme}://{parts.netloc} {parts.scheme}://{parts.netloc}",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class DemoSiteHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, profile: ClinicProfile, socket_url: str, **kwargs: Any) -> None:
        self.profile = profile
        self.socket_url = socket_url
        super().__init__(*args, directory=str(STATIC), **kwargs)

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", content_security_policy(self.socket_url))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _send(self, body: str, content_type: str) -> None:
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = urlsplit(self.path).path
        if path == "/config.js":
            config = json.dumps(widget_config(self.profile, self.socket_url), indent=2)
            self._send(f"window.LanternWidget = {config};\n", "text/javascript")
        elif path in ("/", "/index.html"):
            page = (STATIC / "index.html").read_text(encoding="utf-8")
            page = page.replace("{{clinic_name}}", html.escape(self.profile.name))
            page = page.replace("{{clinic_phone}}", html.escape(self.profile.phone.intake))
            tel = "".join(ch for ch in self.profile.phone.intake if ch.isdigit())
            page = page.replace(
                "{{clinic_tel}}", html.escape(f"+1{tel}" if len(tel) == 10 else tel)
            )
            self._send(page, "text/html")
        else:
            super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5080)
    parser.add_argument("--socket-url", required=True, help="the Rasa server's base URL")
    args = parser.parse_args()
    profile = load_profile(Path(os.environ.get("LANTERN_CLINIC_PROFILE", DEFAULT_PROFILE_PATH)))
    handler = partial(DemoSiteHandler, profile=profile, socket_url=args.socket_url)
    server = ThreadingHTTPServer((args.host, args.port), handler)
    print(f"Demo website on http://{args.host}:{args.port}/ (widget -> {args.socket_url})")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
