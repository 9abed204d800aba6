"""Resolute as several identical nodes on this one machine: what `make test-nodes` runs its tests
against (deploy/nodes/test_nodes.py), and what `python deploy/nodes/cluster.py` starts for trying
the topology by hand (it prints the addresses and stops everything on Ctrl+C).

    HAProxy ─┬─ node1: gunicorn, `resolute workers`, `resolute scheduler` ─┐
             └─ node2: gunicorn, `resolute workers`, `resolute scheduler` ─┼─ PgBouncer ─┬─ PostgreSQL primary
                                                                           │             └─ streaming replica
                                          Redis (DB 7: cache, sessions) ───┤
                                          S3-compatible server (moto) ─────┘

Everything runs in a temporary folder on free ports, the PostgreSQL clusters as the `postgres` user
(from /usr/lib/postgresql/15/bin, or PG_BIN). Redis is the machine's on 127.0.0.1:6379, database 7
(flushed at start and at the end, and nothing else), or one started here if none answers. The nodes
share nothing but these services: each has its own var folder, so a file kept on a node's disk, or a
session kept in a node's memory, would fail the tests. The configuration files beside this one
(haproxy.cfg, pgbouncer.ini, postgresql-*.conf) are the examples of docs/operator/deployment.md.
"""

import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[1]
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_DB = 7
BUCKET = "resolute-nodes"
SECRET_KEY = "a-secret-key-for-the-nodes-harness-only"
NODE_NAMES = ("node1", "node2")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, seconds: float, what: str, step: float = 0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = condition()
        except Exception:  # noqa: BLE001 — not there yet
            result = None
        if result:
            return result
        time.sleep(step)
    raise TimeoutError(f"{what} did not happen within {seconds:g} s")


def http_status(url: str, timeout: float = 2) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 — our own nodes
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@dataclass
class Node:
    name: str
    port: int
    var_dir: Path
    processes: dict = field(default_factory=dict)  # role → Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class Cluster:
    def __init__(self, *, say=print):
        self.say = say
        self.run_dir = Path(tempfile.mkdtemp(prefix="resolute-nodes-"))
        self.run_dir.chmod(0o755)
        self.pg_dir = self.run_dir / "pg"
        self.ports = {
            name: free_port()
            for name in ("primary_port", "replica_port", "pgbouncer_port", "balancer_port", "s3_port")
        }
        self.nodes = {name: Node(name, free_port(), self.run_dir / name) for name in NODE_NAMES}
        self.services: dict[str, subprocess.Popen] = {}
        self.own_redis: subprocess.Popen | None = None
        self.redis_port = 6379
        self.seed: dict = {}
        self.timings: dict[str, float] = {}
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            self.as_postgres = {"user": postgres.pw_uid, "group": postgres.pw_gid}
        else:
            self.as_postgres = {}

    # -- addresses the tests use ------------------------------------------------------------------

    @property
    def balancer(self) -> str:
        return f"http://127.0.0.1:{self.ports['balancer_port']}"

    @property
    def s3_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.ports['s3_port']}"

    def primary_dsn(self) -> str:
        return f"host=127.0.0.1 port={self.ports['primary_port']} user=postgres dbname=resolute"

    def replica_dsn(self) -> str:
        return f"host=127.0.0.1 port={self.ports['replica_port']} user=postgres dbname=resolute"

    def s3_client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.s3_endpoint,
            aws_access_key_id="harness",
            aws_secret_access_key="harness",
            region_name="us-east-1",
        )

    def node_environment(self, node: Node) -> dict:
        pgbouncer = f"postgres://postgres@127.0.0.1:{self.ports['pgbouncer_port']}"
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/root"),
            "LANG": "C.UTF-8",
            "PYTHONPATH": str(REPOSITORY / "src"),
            "DJANGO_SETTINGS_MODULE": "resolute.config.settings.base",
            "SECRET_KEY": SECRET_KEY,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{pgbouncer}/resolute",
            "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{self.ports['replica_port']}/resolute",
            "DATABASE_PGBOUNCER": "true",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/{REDIS_DB}",
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": self.s3_endpoint,
            "S3_ACCESS_KEY_ID": "harness",
            "S3_SECRET_ACCESS_KEY": "harness",
            "S3_REGION": "us-east-1",
            "S3_ADDRESSING_STYLE": "path",
            "STATIC_ROOT": str(self.run_dir / "static"),
            # Each node's own disk: whatever lands here is not shared, and the tests check it stays empty.
            "RESOLUTE_VAR_DIR": str(node.var_dir),
            "MEDIA_ROOT": str(node.var_dir / "media"),
            "AXES_FAILURE_LIMIT": "3",
            # HAProxy appends the client's address to X-Forwarded-For (option forwardfor).
            "RESOLUTE_TRUSTED_PROXIES": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }

    # -- starting ---------------------------------------------------------------------------------

    def _step(self, name: str, started: float) -> None:
        self.timings[name] = time.monotonic() - started
        self.say(f"  {name}: {self.timings[name]:.1f} s")

    def _run(self, command, *, postgres=False, env=None, cwd=None, timeout=300) -> str:
        result = subprocess.run(  # noqa: S603 — our own commands
            [str(part) for part in command],
            env=env,
            # The postgres user may not enter the folder the harness was started from.
            cwd=cwd or (tempfile.gettempdir() if postgres else None),
            capture_output=True,
            text=True,
            timeout=timeout,
            **(self.as_postgres if postgres else {}),
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def _spawn(self, name: str, command, *, env=None, **options) -> subprocess.Popen:
        """Start a long-running process, its output in `<name>.log` of the run folder."""
        handle = open(self.run_dir / f"{name}.log", "ab")  # noqa: SIM115 — the process keeps it
        process = subprocess.Popen(  # noqa: S603 — our own commands
            [str(part) for part in command],
            env=env,
            cwd=REPOSITORY,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a node dies whole
            **options,
        )
        handle.close()
        return process

    def _template(self, name: str) -> str:
        values = {**self.ports, "run_dir": self.run_dir, "pg_dir": self.pg_dir}
        for node in self.nodes.values():
            values[f"{node.name}_port"] = node.port
        return Template((HERE / name).read_text()).substitute(values)

    def psql(self, port_name: str, sql: str, database: str = "resolute") -> str:
        return self._run(
            [
                PG_BIN / "psql",
                "-h",
                "127.0.0.1",
                "-p",
                self.ports[port_name],
                "-U",
                "postgres",
                "-d",
                database,
            ]
            + ["-v", "ON_ERROR_STOP=1", "-At", "-c", sql]
        ).strip()

    def start(self) -> "Cluster":
        started = time.monotonic()
        self.say(f"Starting the nodes harness in {self.run_dir}")
        try:
            self._start_collecting_static_files()
            self._start_databases()
            self._start_pgbouncer()
            self._start_redis()
            self._start_object_storage()
            self._prepare_application()
            self._start_nodes()
            self._start_balancer()
        except BaseException:
            self.show_logs()
            self.stop()
            raise
        self._step("started in all", started)
        return self

    def _start_databases(self) -> None:
        started = time.monotonic()
        self.pg_dir.mkdir()
        if self.as_postgres:
            os.chown(self.pg_dir, self.as_postgres["user"], self.as_postgres["group"])
        primary, replica = self.pg_dir / "primary", self.pg_dir / "replica"
        self._run(
            [PG_BIN / "initdb", "-D", primary, "-A", "trust", "-U", "postgres", "-E", "UTF8"]
            + ["--locale=C.UTF-8", "--no-sync"],
            postgres=True,
        )
        with open(primary / "postgresql.conf", "a") as conf:
            conf.write("\n" + self._template("postgresql-primary.conf"))
        self._run(
            [PG_BIN / "pg_ctl", "-D", primary, "-l", self.pg_dir / "primary.log", "-w", "start"],
            postgres=True,
        )
        self.psql("primary_port", "CREATE DATABASE resolute", database="postgres")
        # Behind PgBouncer the connection cannot carry `-c jit=off`; the database carries it instead.
        self.psql("primary_port", "ALTER DATABASE resolute SET jit = off", database="postgres")
        self._run(
            [PG_BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", self.ports["primary_port"], "-U", "postgres"]
            + ["-D", replica, "-R", "-X", "stream", "-c", "fast", "--no-sync"],
            postgres=True,
        )
        with open(replica / "postgresql.conf", "a") as conf:
            conf.write("\n" + self._template("postgresql-replica.conf"))
        self._run(
            [PG_BIN / "pg_ctl", "-D", replica, "-l", self.pg_dir / "replica.log", "-w", "start"],
            postgres=True,
        )
        assert self.psql("replica_port", "SELECT pg_is_in_recovery()") == "t"
        self._step("PostgreSQL primary and streaming replica", started)

    def _start_pgbouncer(self) -> None:
        started = time.monotonic()
        (self.pg_dir / "pgbouncer-users.txt").write_text('"postgres" ""\n')
        (self.pg_dir / "pgbouncer.ini").write_text(self._template("pgbouncer.ini"))
        for name in ("pgbouncer-users.txt", "pgbouncer.ini"):
            if self.as_postgres:
                os.chown(self.pg_dir / name, self.as_postgres["user"], self.as_postgres["group"])
        pgbouncer = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
        self._run([pgbouncer, "-d", self.pg_dir / "pgbouncer.ini"], postgres=True)
        wait_for(
            lambda: socket.create_connection(("127.0.0.1", self.ports["pgbouncer_port"]), 1), 10, "PgBouncer"
        )
        self._step("PgBouncer (transaction pooling)", started)

    def _start_redis(self) -> None:
        import redis

        started = time.monotonic()
        try:
            redis.Redis(port=self.redis_port, db=REDIS_DB, socket_timeout=1).ping()
        except redis.RedisError:
            self.redis_port = free_port()
            self.own_redis = self._spawn(
                "redis",
                [
                    "redis-server",
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    self.redis_port,
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
            )
            wait_for(lambda: redis.Redis(port=self.redis_port, socket_timeout=1).ping(), 10, "Redis")
        redis.Redis(port=self.redis_port, db=REDIS_DB).flushdb()
        self._step(f"Redis 127.0.0.1:{self.redis_port}/{REDIS_DB}", started)

    def _start_object_storage(self) -> None:
        started = time.monotonic()
        self.services["s3"] = self._spawn(
            "s3",
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", self.ports["s3_port"]],
        )
        wait_for(lambda: self.s3_client().list_buckets(), 30, "the S3 server")
        self.s3_client().create_bucket(Bucket=BUCKET)
        self._step("S3-compatible server (moto)", started)

    def _start_collecting_static_files(self) -> None:
        """collectstatic needs no database and takes a while (it compresses every file): it runs while
        the services start."""
        env = self.node_environment(self.nodes[NODE_NAMES[0]])
        self.services["collectstatic"] = self._spawn(
            "collectstatic",
            [sys.executable, "-m", "resolute.manage", "collectstatic", "--noinput", "-v", "0"],
            env=env,
        )

    def _prepare_application(self) -> None:
        """Migrate and seed straight on the primary (as an operator migrates), then wait for the
        static files."""
        started = time.monotonic()
        for node in self.nodes.values():
            node.var_dir.mkdir(exist_ok=True)
        direct = self.node_environment(self.nodes[NODE_NAMES[0]]) | {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.ports['primary_port']}/resolute",
            "DATABASE_PGBOUNCER": "",
            "DATABASE_REPLICA_URL": "",
        }
        self.seed = json.loads(self._run([sys.executable, HERE / "seed.py"], env=direct, cwd=REPOSITORY))
        self._step("migrate and seed", started)
        started = time.monotonic()
        collect = self.services.pop("collectstatic")
        if collect.wait(300) != 0:
            raise RuntimeError(f"collectstatic failed:\n{(self.run_dir / 'collectstatic.log').read_text()}")
        self._step("collectstatic (the rest of it)", started)

    def start_node(self, node: Node) -> None:
        env = self.node_environment(node)
        python = [sys.executable, "-m", "resolute.manage"]
        gunicorn = Path(sys.executable).parent / "gunicorn"
        node.processes["web"] = self._spawn(
            f"{node.name}-web",
            [gunicorn, "resolute.config.wsgi", "--bind", f"127.0.0.1:{node.port}", "--workers", "2"]
            # --preload: Django starts once in the master and the workers fork from it.
            + ["--preload", "--timeout", "60", "--graceful-timeout", "5", "--access-logfile", "-"],
            env=env,
        )
        node.processes["workers"] = self._spawn(
            f"{node.name}-workers",
            # The harness's jobs are on the default queue; production runs both (the default).
            [*python, "workers", "--queues", "default", "--interval", "0.2"],
            env=env,
        )
        node.processes["scheduler"] = self._spawn(
            f"{node.name}-scheduler",
            [*python, "scheduler", "--interval", "5"],
            env=env,
        )

    def _start_nodes(self) -> None:
        started = time.monotonic()
        for node in self.nodes.values():
            self.start_node(node)
        for node in self.nodes.values():
            wait_for(
                lambda node=node: http_status(f"{node.url}/healthz") == 200, 90, f"{node.name} answering"
            )
        self._step("two app nodes (gunicorn, workers, scheduler each)", started)

    def _start_balancer(self) -> None:
        started = time.monotonic()
        config = self.run_dir / "haproxy.cfg"
        config.write_text(self._template("haproxy.cfg"))
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        self.services["haproxy"] = self._spawn("haproxy", [haproxy, "-f", config, "-db"])
        wait_for(lambda: http_status(f"{self.balancer}/healthz") == 200, 20, "HAProxy answering")
        self._step("HAProxy", started)

    # -- acting on it -------------------------------------------------------------------------------

    def kill_node(self, name: str) -> None:
        """SIGKILL every process of the node's web server (master and workers), as a crash would."""
        process = self.nodes[name].processes["web"]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def stop_replica(self) -> None:
        self._run(
            [PG_BIN / "pg_ctl", "-D", self.pg_dir / "replica", "-m", "immediate", "stop"], postgres=True
        )

    def worker_ids_of(self, name: str) -> str:
        """The prefix of the worker ids of a node's `resolute workers` (queue-host-supervisor pid)."""
        return f"-{socket.gethostname()}-{self.nodes[name].processes['workers'].pid}"

    def show_logs(self, lines: int = 30) -> None:
        for log in sorted(self.run_dir.glob("*.log")) + sorted(self.pg_dir.glob("*.log")):
            text = log.read_text(errors="replace").splitlines()[-lines:]
            if text:
                self.say(f"--- {log.name} (last {len(text)} lines)\n" + "\n".join(text))

    # -- stopping -----------------------------------------------------------------------------------

    @staticmethod
    def _end(*processes: subprocess.Popen | None) -> None:
        """Stop these process groups together: SIGTERM, then SIGKILL for any still there after 3 s."""
        running = [process for process in processes if process is not None and process.poll() is None]
        for process in running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 3
        for process in running:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)

    def stop(self) -> None:
        self._end(self.services.pop("haproxy", None))
        self._end(*[process for node in self.nodes.values() for process in node.processes.values()])
        self._end(*self.services.values())
        pidfile = self.pg_dir / "pgbouncer.pid"
        if pidfile.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)
        for cluster in ("replica", "primary"):
            if (self.pg_dir / cluster / "postmaster.pid").exists():
                try:
                    self._run(
                        [PG_BIN / "pg_ctl", "-D", self.pg_dir / cluster, "-m", "immediate", "stop"],
                        postgres=True,
                    )
                except RuntimeError as error:
                    self.say(str(error))
        with contextlib.suppress(Exception):  # Redis may be gone already
            import redis

            redis.Redis(port=self.redis_port, db=REDIS_DB, socket_timeout=1).flushdb()
        self._end(self.own_redis)
        if not os.environ.get("RESOLUTE_NODES_KEEP"):
            shutil.rmtree(self.run_dir, ignore_errors=True)


def main() -> None:
    cluster = Cluster().start()
    print(
        f"\nResolute on two nodes behind {cluster.balancer} "
        f"(node1 {cluster.nodes['node1'].url}, node2 {cluster.nodes['node2'].url}).\n"
        f"Sign in as office, leader or reporter, password {cluster.seed['password']}.\n"
        "Ctrl+C stops everything."
    )
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
