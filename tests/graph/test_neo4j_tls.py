"""TLS URIs for real: a second dev server that requires TLS on Bolt, with our own certificate.

``neo4j+s://`` verifies the server against the system's trusted CAs; the test makes the
freshly generated certificate trusted through SSL_CERT_FILE (which OpenSSL, and so Python's
ssl module, reads), so the very URI form Aura users paste is exercised end to end.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from govgraph import devserver
from govgraph.errors import GovgraphError, ServerError
from govgraph.graph.neo4j_store import Neo4jStore
from tests.neo4j_harness import _unavailable

PASSWORD = "tls-test-password-1"


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory) -> Iterator[tuple[devserver.DevServer, Path]]:
    reason = devserver.missing_requirements()
    if reason:
        _unavailable(reason)
    if shutil.which("openssl") is None:
        _unavailable("openssl is not installed (needed to make a test certificate)")
    certs = tmp_path_factory.mktemp("bolt-tls")
    (certs / "trusted").mkdir()
    (certs / "revoked").mkdir()
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(certs / "private.key"), "-out", str(certs / "public.crt"),
            "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-addext", "basicConstraints=critical,CA:TRUE",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    settings = {
        "dbms.ssl.policy.bolt.enabled": "true",
        "dbms.ssl.policy.bolt.base_directory": str(certs),
        "dbms.ssl.policy.bolt.private_key": "private.key",
        "dbms.ssl.policy.bolt.public_certificate": "public.crt",
        "dbms.ssl.policy.bolt.client_auth": "NONE",
        "server.bolt.tls_level": "REQUIRED",
    }
    try:
        server = devserver.start(password=PASSWORD, http_port=0, settings=settings)
    except GovgraphError as error:
        _unavailable(str(error))
    try:
        yield server, certs / "public.crt"
    finally:
        server.stop(graceful=False)


def test_neo4j_plus_s_uri_works_with_a_trusted_certificate(tls_server, monkeypatch) -> None:
    server, certificate = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))
    uri = f"neo4j+s://127.0.0.1:{server.bolt_port}"
    with Neo4jStore.connect(uri, "neo4j", PASSWORD) as store:
        store.query("CREATE (:Platform {id: 'tls', name: 'Over TLS'})", write=True)
        assert store.query("MATCH (p:Platform {id: 'tls'}) RETURN p.name").rows == [("Over TLS",)]
        assert store.uri == uri


def test_self_signed_scheme_works_without_trust(tls_server, monkeypatch) -> None:
    server, _ = tls_server
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with Neo4jStore.connect(f"bolt+ssc://127.0.0.1:{server.bolt_port}", "neo4j", PASSWORD) as s:
        assert s.query("RETURN 1 AS one").rows == [(1,)]


def test_untrusted_certificate_and_plain_bolt_are_refused(tls_server, monkeypatch) -> None:
    server, _ = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent-ca.pem")
    monkeypatch.setenv("SSL_CERT_DIR", "/nonexistent-ca-dir")
    uri = f"neo4j+s://127.0.0.1:{server.bolt_port}"
    with pytest.raises(ServerError, match="^" + re.escape(f"cannot reach Neo4j at {uri}: ")):
        Neo4jStore.connect(uri, "neo4j", PASSWORD, connection_timeout_s=5)
    plain = f"bolt://127.0.0.1:{server.bolt_port}"
    with pytest.raises(ServerError, match="^" + re.escape(f"cannot reach Neo4j at {plain}: ")):
        Neo4jStore.connect(plain, "neo4j", PASSWORD, connection_timeout_s=5)
