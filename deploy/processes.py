"""Starting a server process and knowing when it serves: shared by the cluster runner, the browser tests and the
load benchmark."""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, timeout: float = 60, process: subprocess.Popen[bytes] | None = None,
                  log: Path | None = None) -> None:
    """Until `url` answers 200; fails at once when `process` ends first, with the end of its `log`."""
    def tail() -> str:
        return log.read_text(errors='replace')[-3000:] if log is not None and log.exists() else ''

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f'server exited with {process.returncode}:\n{tail()}')
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f'{url} did not answer within {timeout:.0f} s:\n{tail()}')


def stop(process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """SIGTERM, and SIGKILL if it has not ended within `timeout`."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def serving(command: Sequence[str], *, cwd: Path, env: Mapping[str, str], log: Path, ready_url: str,
            timeout: float = 60, stop_timeout: float = 10) -> Iterator[subprocess.Popen[bytes]]:
    """`command` started with its output in `log`, yielded once `ready_url` answers, stopped on the way out
    whatever happens."""
    with log.open('wb') as out:
        process = subprocess.Popen(list(command), cwd=cwd, env=dict(env), stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_up(ready_url, timeout, process, log)
        yield process
    finally:
        stop(process, stop_timeout)
