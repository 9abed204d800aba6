"""A real HTTP receiver for the delivery tests: a tiny server on 127.0.0.1, in a thread, that checks
each delivery's signature with the secret it was given and answers as planned (500 first, say)."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from resolute.webhooks.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify


@dataclass
class Received:
    headers: dict
    body: bytes
    signed_correctly: bool
    answered: int

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    secret: str = ""
    # The statuses to answer, in turn; once used up, 200.
    plan: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                signed = verify(
                    receiver.secret,
                    self.headers.get(TIMESTAMP_HEADER),
                    body,
                    self.headers.get(SIGNATURE_HEADER),
                    now=time.time(),
                )
                status = (receiver.plan.pop(0) if receiver.plan else 200) if signed else 401
                receiver.received.append(Received(dict(self.headers), body, signed, status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/resolute"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
