"""A tiny in-memory Elasticsearch behind the official client's transport, for unit tests.

The real `Elasticsearch` client builds and serialises every request; this node records them and
keeps just enough state (indices, aliases, documents) to answer the calls the backend makes.
"""
from __future__ import annotations

import json
import re

from elastic_transport import ApiResponseMeta, BaseNode, ConnectionError, HttpHeaders
from elastic_transport._node._base import NodeApiResponse


class FakeCluster:
    def __init__(self):
        self.indices: dict[str, dict] = {}  # name -> {"settings", "mappings", "docs": {id: source}}
        self.aliases: dict[str, set[str]] = {}  # alias -> index names
        self.requests: list[tuple[str, str, object]] = []
        self.search_response: dict | None = None
        self.down = False

    def resolve(self, name: str) -> list[str]:
        return sorted(self.aliases.get(name, set())) or ([name] if name in self.indices else [])

    def handle(self, method: str, path: str, body):
        self.requests.append((method, path, body))
        if self.down:
            raise ConnectionError("connection refused (fake cluster is down)")
        path = path.split("?")[0]
        if m := re.fullmatch(r"/_alias/([^/]+)", path):
            found = {i: {"aliases": {m[1]: {}}} for i in self.resolve(m[1]) if m[1] in self.aliases}
            return (200, found) if found else (404, {"error": "alias missing", "status": 404})
        if path == "/_aliases":
            for action in body["actions"]:
                (kind, spec), = action.items()
                target = self.aliases.setdefault(spec["alias"], set())
                (target.add if kind == "add" else target.discard)(spec["index"])
            return 200, {"acknowledged": True}
        if path == "/_bulk" or path.endswith("/_bulk"):
            return 200, self._bulk(body)
        if m := re.fullmatch(r"/([^/_][^/]*)/_search", path):
            return 200, self.search_response or {"hits": {"total": {"value": 0}, "hits": []}}
        if m := re.fullmatch(r"/([^/_][^/]*)/(_settings|_refresh)", path):
            return 200, {"acknowledged": True}
        if m := re.fullmatch(r"/([^/_][^/]*)", path):
            name = m[1]
            if method == "HEAD":
                return (200 if name in self.indices else 404), None
            if method == "PUT":
                self.indices[name] = {"settings": body["settings"], "mappings": body["mappings"], "docs": {}}
                return 200, {"acknowledged": True}
            if method == "DELETE":
                self.indices.pop(name, None)
                for members in self.aliases.values():
                    members.discard(name)
                return 200, {"acknowledged": True}
        return 400, {"error": f"fake cluster does not know {method} {path}"}

    def _bulk(self, lines):
        items = []
        i = 0
        while i < len(lines):
            (op, meta), = lines[i].items()
            index = self.resolve(meta["_index"])[0]
            if op == "delete":
                self.indices[index]["docs"].pop(meta["_id"], None)
                items.append({"delete": {"_index": index, "_id": meta["_id"], "status": 200}})
                i += 1
            else:
                self.indices[index]["docs"][meta["_id"]] = lines[i + 1]
                items.append({op: {"_index": index, "_id": meta["_id"], "status": 201}})
                i += 2
        return {"took": 1, "errors": False, "items": items}


CLUSTER = FakeCluster()


class FakeNode(BaseNode):
    _CLIENT_META_HTTP_CLIENT = ("fake", "1.0")

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        decoded = None
        if body:
            text = body.decode()
            lines = [json.loads(line) for line in text.splitlines() if line.strip()]
            decoded = lines if target.split("?")[0].endswith("_bulk") else lines[0]
        status, payload = CLUSTER.handle(method, target, decoded)
        headers = HttpHeaders({"content-type": "application/json", "x-elastic-product": "Elasticsearch"})
        meta = ApiResponseMeta(status=status, http_version="1.1", headers=headers, duration=0.0, node=self.config)
        return NodeApiResponse(meta, json.dumps(payload).encode() if payload is not None else b"")


def fake_client():
    from elasticsearch import Elasticsearch

    return Elasticsearch("http://fake-es:9200", node_class=FakeNode, max_retries=0, retry_on_timeout=False)
