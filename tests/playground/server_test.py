#!/usr/bin/env python3
"""mytorch-playground as a process, without a browser (Python's standard library only):

  server_test.py PLAYGROUND

It prints its URL on 127.0.0.1 and listens there only (ss -ltn), serves the page and refuses paths
outside it, answers a bad request with a 400 and goes on serving, refuses another Host header,
stops cleanly on SIGTERM, says loudly when --host opens it to other machines, and refuses a port in use.
"""
import http.client
import json
import re
import shutil
import signal
import subprocess
import sys


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def start(*flags):
    server = subprocess.Popen([sys.argv[1], *flags], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline().strip()
    match = re.search(r"mytorch-playground: http://([0-9.]+):(\d+)/$", line)
    check(match, f"the server printed {line!r}, not its URL")
    return server, match.group(1), int(match.group(2))


def request(port, method, path, body=None, host=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": host} if host else {}
    connection.request(method, path, body=body if body is not None else ("" if method == "POST" else None),
                       headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def main():
    server, address, port = start("--port", "0")
    try:
        check(address == "127.0.0.1", f"listens on {address}")
        if shutil.which("ss"):
            listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True).stdout
            addresses = {line.split()[3].rsplit(":", 1)[0] for line in listening.splitlines() if line.strip()}
            check(addresses == {"127.0.0.1"}, f"ss -ltn shows port {port} on {addresses}")
            print(f"ss -ltn: port {port} on 127.0.0.1 only")
        status, page = request(port, "GET", "/")
        check(status == 200 and b'id="jacobian"' in page, f"GET / gave {status}")
        for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/etc/passwd", "/..%2fapp.js"):
            status, body = request(port, "GET", path)
            check(status in (400, 404) and b"root:" not in body, f"GET {path} gave {status}")
        status, body = request(port, "POST", "/api/session?lr=nan")
        check(status == 400 and json.loads(body)["error"] == "lr: 'nan' is not a finite number", f"{status} {body}")
        status, body = request(port, "POST", "/api/session?dataset=xor:points=20&hidden=3")
        check(status == 200, f"a good session after a bad one: {status}")
        session = json.loads(body)["id"]
        status, body = request(port, "POST", f"/api/csv?id={session}&name=big.csv", body=b"1" * (9 << 20))
        check(status in (400, 413), f"a 9 MiB upload gave {status}")
        status, _ = request(port, "GET", f"/api/state?id={session}")
        check(status == 200, "the server goes on after an oversized upload")
        status, body = request(port, "GET", "/", host="attacker.example")
        check(status == 400, f"another Host header gave {status}")
        server.send_signal(signal.SIGTERM)
        check(server.wait(timeout=10) == 0, "SIGTERM: not a clean exit")
        print("serves the page, refuses bad requests with a message, stops cleanly on SIGTERM")

        busy, _, busy_port = start("--port", "0")
        try:
            taken = subprocess.run([sys.argv[1], "--port", str(busy_port)], capture_output=True, text=True, timeout=10)
            check(taken.returncode == 1 and "try --port 0" in taken.stderr, f"a port in use: {taken.stderr!r}")
        finally:
            busy.terminate()
            busy.wait(timeout=10)
        print("a port in use is an error that suggests --port 0")

        wide = subprocess.Popen([sys.argv[1], "--port", "0", "--host", "0.0.0.0"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        try:
            warning = wide.stderr.readline() + wide.stderr.readline()
            check("WARNING: listening on 0.0.0.0" in warning, f"--host 0.0.0.0 said {warning!r}")
        finally:
            wide.terminate()
            wide.wait(timeout=10)
        print("--host 0.0.0.0 warns loudly")
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    print("playground server test: passed")


if __name__ == "__main__":
    main()
