"""``baton serve --workers N`` listens on one socket per worker, sharing the port, so the
kernel spreads new connections across the workers."""

from __future__ import annotations

import socket

import pytest

from bot.workers import listening_sockets, per_worker_sockets_supported

pytestmark = pytest.mark.skipif(
    not per_worker_sockets_supported(), reason="SO_REUSEPORT balancing is Linux's"
)


def accepted(sock: socket.socket) -> int:
    """How many connections wait in ``sock``'s queue (accepted and closed here)."""
    sock.setblocking(False)
    count = 0
    while True:
        try:
            connection, _ = sock.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


def test_every_socket_listens_on_the_one_port_and_new_connections_reach_all():
    sockets = listening_sockets("127.0.0.1", 0, 2)
    clients = []
    try:
        ports = {sock.getsockname()[1] for sock in sockets}
        assert len(ports) == 1 and 0 not in ports
        port = ports.pop()
        assert all(sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) for sock in sockets)
        # The kernel picks a socket by each connection's address hash: 32 connections all
        # landing on one socket would have a chance of 2 in 2**32.
        for _ in range(32):
            clients.append(socket.create_connection(("127.0.0.1", port)))
        counts = [accepted(sock) for sock in sockets]
        assert sum(counts) == 32 and all(counts), counts
    finally:
        for sock in [*sockets, *clients]:
            sock.close()


def test_an_address_another_program_holds_is_an_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))  # without SO_REUSEPORT: nobody may share the port
        taken.listen()
        with pytest.raises(OSError):
            listening_sockets("127.0.0.1", taken.getsockname()[1], 2)


def test_a_server_needs_a_socket():
    with pytest.raises(ValueError, match="at least one socket"):
        listening_sockets("127.0.0.1", 0, 0)
