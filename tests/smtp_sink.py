"""A small SMTP server on loopback that keeps what it accepts (tests and bench only).

Speaks just enough SMTP for smtplib (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS, no
auth). A message counts as accepted when the sink answers 250 to its DATA, as a real server
would. `hold()` makes the sink keep each message it has read without answering, so a test can
kill the sender in the middle of a send: a message whose sender hung up before the answer is
recorded in `aborted`, never in `messages`, as a real server drops it.

    sink = SmtpSink(); sink.start()        # sink.port
    sink.wait_for(2, timeout=10)           # the accepted messages (email.message.Message)
    sink.hold(); ...; sink.wait_held(1); sink.release()
    sink.stop()
"""
from __future__ import annotations

import email
import select
import socket
import socketserver
import threading
import time
from email.message import Message


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        sink: SmtpSink = self.server.sink  # type: ignore[attr-defined]
        self.reply("220 sink ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode("utf-8", "replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-sink")
                self.reply("250-8BITMIME")
                self.reply("250 SMTPUTF8")
            elif verb in ("HELO", "MAIL", "RCPT", "RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                if not sink._receive(self, self._read_data()):
                    return
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def _read_data(self) -> bytes:
        lines = []
        while True:
            line = self.rfile.readline()
            if line in (b".\r\n", b".\n", b""):
                return b"".join(lines)
            lines.append(line[1:] if line.startswith(b"..") else line)

    def peer_gone(self) -> bool:
        """Whether the client closed the connection (it sends nothing while it waits for our answer)."""
        readable, _, _ = select.select([self.connection], [], [], 0.05)
        if not readable:
            return False
        try:
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True


class SmtpSink:
    """Accepted messages in `messages`; messages whose sender died before the answer in `aborted`."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = socketserver.ThreadingTCPServer((host, port), _Handler, bind_and_activate=True)
        self._server.daemon_threads = True
        self._server.sink = self  # type: ignore[attr-defined]
        self.host, self.port = self._server.server_address[:2]
        self.messages: list[Message] = []
        self.aborted: list[Message] = []
        self.held: list[Message] = []
        self._changed = threading.Condition()
        self._open = threading.Event()
        self._open.set()

    def start(self) -> "SmtpSink":
        threading.Thread(target=self._server.serve_forever, name="smtp-sink", daemon=True).start()
        return self

    def stop(self) -> None:
        self._open.set()
        self._server.shutdown()
        self._server.server_close()

    def hold(self) -> None:
        """From now on, keep each message read without answering until release()."""
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    def _receive(self, handler: _Handler, data: bytes) -> bool:
        message = email.message_from_bytes(data)
        with self._changed:
            self.held.append(message)
            self._changed.notify_all()
        while not self._open.is_set():
            if handler.peer_gone():
                return self._record(message, self.aborted)
            self._open.wait(0.05)
        if handler.peer_gone():
            return self._record(message, self.aborted)
        self._record(message, self.messages)
        handler.reply("250 OK queued")
        return True

    def _record(self, message: Message, into: list) -> bool:
        with self._changed:
            self.held.remove(message)
            into.append(message)
            self._changed.notify_all()
        return into is self.messages

    def _wait(self, ready, timeout: float):
        deadline = time.monotonic() + timeout
        with self._changed:
            while not ready():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the SMTP sink did not see what was expected in time")
                self._changed.wait(left)

    def wait_for(self, count: int, to: str | None = None, timeout: float = 15) -> list[Message]:
        """Wait until at least `count` messages (to one address, if given) were accepted; return those."""
        return self._wait_in(self.messages, count, to, timeout)

    def wait_held(self, count: int = 1, to: str | None = None, timeout: float = 15) -> list[Message]:
        return self._wait_in(self.held, count, to, timeout)

    def wait_aborted(self, count: int = 1, to: str | None = None, timeout: float = 15) -> list[Message]:
        return self._wait_in(self.aborted, count, to, timeout)

    def _wait_in(self, where: list, count: int, to: str | None, timeout: float) -> list[Message]:
        def found():
            return [message for message in where if to is None or message["To"] == to]

        self._wait(lambda: len(found()) >= count, timeout)
        with self._changed:
            return found()
