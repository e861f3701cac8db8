"""`copyedit server`: a LanguageTool that stays up between runs.

Starting a JVM and loading LanguageTool's English data takes seconds, which a
pre-commit hook or an editor cannot pay on every run. `copyedit server start`
starts LanguageTool's own HTTP server (`java -cp languagetool-server.jar
org.languagetool.server.HTTPServer`) in the background and records its pid and
port in a state file in the cache directory; every later copyedit run that
has no `--lt-url` finds it there and uses it.
"""

from __future__ import annotations

import json
import sys
import time
from typing import NoReturn

import click


def _fail(message: str) -> NoReturn:
    click.echo(f"copyedit: error: {message}", err=True)
    sys.exit(2)


@click.group()
def server() -> None:
    """A persistent local LanguageTool server for repeat runs (pre-commit, editors)."""


@server.command()
@click.option("--port", type=click.IntRange(1, 65535), help="Port to listen on (default: 8081 if free, else any free port).")
@click.option(
    "--jar-dir",
    type=click.Path(file_okay=False),
    help="Folder holding languagetool-server.jar (default: LTP_JAR_DIR_PATH, else language-tool-python's download).",
)
def start(port, jar_dir) -> None:
    """Start LanguageTool in the background and remember where it is."""
    import os

    from copyedit.backends import BackendError
    from copyedit.backends import languagetool as lt

    state = lt.running_server()
    if state:
        click.echo(f"copyedit: LanguageTool already running at {state['url']} (pid {state['pid']})")
        return
    try:
        directory = jar_dir or os.environ.get("LTP_JAR_DIR_PATH")
        jar = lt.find_jar(directory)
        if jar is None and directory:
            raise BackendError(f"{directory} holds no {' or '.join(lt.JAR_NAMES)}")
        lt.require_java()
        if jar is None:
            jar = lt.download_jar()
        if port is None:
            port = 8081 if _port_free(8081) else lt.free_port()
        elif not _port_free(port):
            raise BackendError(f"port {port} is in use; choose another with --port")
        path = lt.state_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        log = path.with_name("server.log")
        proc, url = lt.start_server(jar, port=port, log_path=log)
    except BackendError as e:
        _fail(str(e))
    data = {
        "pid": proc.pid,
        "port": port,
        "url": url,
        "jar": str(jar),
        "version": lt.jar_version(jar),
        "started": time.time(),
        "started_at": lt.process_started(proc.pid),
        "log": str(log),
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    tmp.replace(path)
    click.echo(f"copyedit: LanguageTool running at {url} (pid {proc.pid}); stop it with `copyedit server stop`")


@server.command()
def stop() -> None:
    """Stop the server that `copyedit server start` started."""
    from copyedit.backends import languagetool as lt

    state = lt.read_state()
    path = lt.state_path()
    if not state:
        click.echo("copyedit: no LanguageTool server is running")
        return
    try:
        pid = int(state["pid"])
    except (KeyError, TypeError, ValueError):
        pid = None
    if pid and lt.pid_alive(pid):
        recorded = state.get("started_at")
        now = lt.process_started(pid)
        if recorded and now and abs(float(recorded) - now) > 2:
            click.echo(f"copyedit: pid {pid} is no longer the LanguageTool server; forgetting it")
        else:
            lt.stop_pid(pid)
            click.echo(f"copyedit: stopped LanguageTool at {state.get('url')} (pid {pid})")
    else:
        click.echo("copyedit: LanguageTool was not running; forgetting its state")
    try:
        path.unlink()
    except OSError:
        pass


@server.command()
def status() -> None:
    """Say whether the server is up (exit 0) or not (exit 1)."""
    from copyedit.backends import languagetool as lt

    state = lt.running_server()
    if state:
        click.echo(f"LanguageTool running at {state['url']} (pid {state['pid']}, {state.get('version', 'version unknown')})")
        return
    click.echo("LanguageTool server not running")
    sys.exit(1)


def _port_free(port: int) -> bool:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
