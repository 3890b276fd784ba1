"""Real servers for the tests, started on loopback: an SMTP server and HTTP(S) servers.

E-mail is sent over real SMTP to aiosmtpd; the link checker talks real HTTP to a server that
answers 200, 301, 404, 500, slowly, and with a self-signed certificate. Nothing is mocked.
"""

import datetime
import email
import ipaddress
import socket
import ssl
import tempfile
import threading
import time
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """aiosmtpd handler: keeps every message it receives."""

    def __init__(self):
        self.messages: list[Message] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.original_content))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def bodies(self) -> list[str]:
        return [
            m.get_payload(decode=True).decode(m.get_content_charset() or "utf-8")
            for m in self.messages
        ]


class SMTPServer:
    def __init__(self):
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SMTPServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


SLOW_SECONDS = 2.0


class Answers(BaseHTTPRequestHandler):
    """200, 301 (to /ok), 302, 404, 500, a slow answer, and a server that refuses HEAD."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def _answer(self, body: bool) -> None:
        path = self.path
        if path.startswith("/slow"):
            time.sleep(SLOW_SECONDS)
            status, headers = 200, {}
        elif path == "/moved":
            status, headers = 301, {"Location": "/ok"}
        elif path == "/moved-then-login":
            status, headers = 301, {"Location": "/temporary"}
        elif path == "/temporary":
            status, headers = 302, {"Location": "/ok"}
        elif path == "/missing":
            status, headers = 404, {}
        elif path == "/error":
            status, headers = 500, {}
        elif path == "/no-head":
            status, headers = (405, {}) if self.command == "HEAD" else (200, {})
        else:
            status, headers = 200, {}
        payload = b"ok" if body else b""
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            if body:
                self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the checker gave up (a timeout): fine

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(body=True)


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the checker connects many at once; the default backlog is 5
    daemon_threads = True


class HTTPServer:
    """A threaded HTTP server; with `tls=True`, HTTPS with a throwaway self-signed certificate."""

    def __init__(self, *, tls: bool = False):
        self.server = _Server(("127.0.0.1", 0), Answers)
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            with tempfile.TemporaryDirectory() as folder:
                cert, key = self_signed_certificate(Path(folder))
                context.load_cert_chain(cert, key)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "HTTPServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def self_signed_certificate(folder: Path) -> tuple[str, str]:
    """A certificate for 127.0.0.1 that no one trusts (the `cryptography` package)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)
