"""A real SMTP server on 127.0.0.1 for the e-mail tests (aiosmtpd): it keeps what it accepts, or refuses, or hangs up."""

import asyncio
import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Handler:
    """Accept (the default), refuse every recipient with 550, drop the connection at DATA, or hang there."""

    mode: str = "accept"
    received: list[EmailMessage] = field(default_factory=list)
    data_started: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "refuse":
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_started += 1
        for _ in range(300):
            if self.mode != "hang":
                break
            await asyncio.sleep(0.1)
        if self.mode == "drop":
            server.transport.close()
            return "421 closing"
        self.received.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return f"250 2.0.0 Ok: queued as Q{len(self.received):04d}"


class LocalSmtp:
    """The server running in its thread while the test lasts."""

    def __init__(self) -> None:
        self.handler = Handler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "LocalSmtp":
        self.controller.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.controller.stop()
