#!/usr/bin/env python3
"""A minimal HTTP CONNECT proxy for the PowerShell tests of -Proxy and -ProxyCredential.

usage: connect_proxy.py LOG_FILE [USER:PASSWORD]

Listens on 127.0.0.1 (a free port), prints {"url": "http://127.0.0.1:PORT"} on one line once
ready, and tunnels CONNECT requests to their target. With USER:PASSWORD it answers 407 unless
the request carries those Basic credentials. Every request line is appended to LOG_FILE as a
JSON line {"method", "target", "user"}; runs until killed.
"""

import asyncio
import base64
import json
import sys


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, log: str, required: str | None) -> None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        writer.close()
        return
    lines = head.decode("latin-1").split("\r\n")
    method, target = lines[0].split(" ")[:2]
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    user = None
    credentials = headers.get("proxy-authorization", "")
    if credentials.lower().startswith("basic "):
        user = base64.b64decode(credentials[6:]).decode("utf-8", "replace")
    with open(log, "a", encoding="utf-8") as f:
        f.write(json.dumps({"method": method, "target": target, "user": user}) + "\n")
    if required is not None and user != required:
        writer.write(b'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n'
                     b"Content-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()
        return
    if method != "CONNECT":
        writer.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()
        return
    host, port = target.rsplit(":", 1)
    try:
        upstream_reader, upstream_writer = await asyncio.open_connection(host.strip("[]"), int(port))
    except OSError:
        writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()
        return
    writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
    await writer.drain()
    await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))


async def main() -> None:
    log = sys.argv[1]
    required = sys.argv[2] if len(sys.argv) > 2 else None
    server = await asyncio.start_server(lambda r, w: handle(r, w, log, required), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(json.dumps({"url": f"http://127.0.0.1:{port}"}), flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
