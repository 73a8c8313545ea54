"""What the bench scripts share: paths, logging, subprocess helpers, the throwaway PostgreSQL
and Redis, a free port, and Django set up with the server's settings.

The scripts are modules of the `bench` package, run from the repository root
(`python -m bench.run`, `python -m bench.seed --total 100`, …), so they import this module
and the project without touching sys.path.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
PG_PORT = 55460
REDIS_PORT = 6390


def log(message, *, name="bench"):
    print(f"[{name} {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def setup_django(settings_module="portal.settings.production"):
    """Django with the server's settings (unless DJANGO_SETTINGS_MODULE says otherwise), for
    the in-process scripts (seed, probe, profile); call it before importing models."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, text=True, **kwargs)


def manage(env, *args):
    run([PYTHON, "manage.py", *args], env, stdout=subprocess.DEVNULL)


def script(env, module, *args):
    """Run `python -m <module> args…` (a bench script such as "bench.probe"); its last line."""
    out = run([PYTHON, "-m", module, *args], env, capture_output=True).stdout
    return out.strip().splitlines()[-1] if out.strip() else ""


# ---------------------------------------------------------------- services


def as_postgres(cmd):
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def pg_bin(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not candidates:
        raise SystemExit("PostgreSQL binaries (initdb, pg_ctl) not found")
    return str(candidates[-1])


def start_postgres(tmp, port=PG_PORT):
    pgdir = tmp / "pg"
    pgdir.mkdir()
    if os.geteuid() == 0:
        shutil.chown(pgdir, "postgres")
    data = pgdir / "data"
    run(
        as_postgres(
            [pg_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
            + ["--locale=C.UTF-8"]
        ),
        None,
        stdout=subprocess.DEVNULL,
    )
    options = f"-h 127.0.0.1 -p {port} -k {pgdir} -c fsync=off -c synchronous_commit=off"
    start = [pg_bin("pg_ctl"), "-D", str(data), "-l", str(pgdir / "log"), "-w", "-o", options]
    # 55460 (and 55470) lie in Linux's ephemeral port range: a client socket in TIME_WAIT (wrk's, or any
    # other process's) can hold it for up to a minute, so try again for a while.
    for _attempt in range(30):
        started = subprocess.run(as_postgres([*start, "start"]), stdout=subprocess.DEVNULL)
        if started.returncode == 0:
            break
        time.sleep(3)
    else:
        print((pgdir / "log").read_text(), file=sys.stderr)
        raise SystemExit(f"PostgreSQL did not start on port {port}")
    run(
        as_postgres([pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "portal"]),
        None,
    )
    return data


def stop_postgres(data):
    subprocess.run(
        as_postgres([pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def start_redis(port=REDIS_PORT):
    if not shutil.which("redis-server"):
        return None
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return proc


VCL = ROOT / "deploy" / "varnish" / "default.vcl"


def wait_for_port(port, deadline=30.0, proc=None):
    """Until 127.0.0.1:`port` accepts connections (or `proc` exits, or the deadline passes)."""
    end = time.time() + deadline
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def start_varnish(workdir, port, backend_port, memory="128m"):
    """varnishd in the foreground with the repository's VCL (its backend on `backend_port`),
    its own -n working directory, no management port and no jail (runs as the caller)."""
    if not shutil.which("varnishd"):
        raise SystemExit("varnishd is needed: apt-get install -y varnish varnish-modules")
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    vcl = workdir / "default.vcl"
    text = VCL.read_text()
    vcl.write_text(text.replace('.port = "8000";', f'.port = "{backend_port}";'))
    proc = subprocess.Popen(
        ["varnishd", "-F", "-j", "none", "-T", "none", "-a", f"127.0.0.1:{port}"]
        + ["-f", str(vcl), "-n", str(workdir / "n"), "-s", f"malloc,{memory}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    if not wait_for_port(port, proc=proc):
        proc.kill()
        raise RuntimeError(f"varnishd did not start: {proc.stderr.read().decode()[-2000:]}")
    return proc
