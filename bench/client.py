"""A small browser-like HTTP client on the standard library: one connection, cookies, CSRF."""

from __future__ import annotations

import http.client
import re
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@dataclass(frozen=True)
class Reply:
    status: int
    location: str | None
    body: bytes


class Client:
    """One visitor: a keep-alive connection to 127.0.0.1 (reopened when the server closes it)
    and a cookie jar, so signed-in pages are measured exactly as a browser would load them."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = dict(cookies or {})

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict[str, str]) -> Reply:
        return self.request("POST", path, urlencode(fields).encode())

    def request(self, method: str, path: str, body: bytes | None = None) -> Reply:
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        return Reply(response.status, response.headers.get("Location"), data)

    def _keep_cookies(self, set_cookie_headers: list[str]) -> None:
        for header in set_cookie_headers:
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    def csrf_token(self, path: str) -> str:
        """The CSRF token a browser would read from ``path``."""
        match = CSRF_META.search(self.get(path).body.decode())
        if match is None:
            raise RuntimeError(f"{path} carries no CSRF token")
        return match.group(1)

    def sign_in(self, email: str, password: str) -> float:
        """Sign in through the real form and follow the redirect as a browser does (the page it
        lands on completes the session cookie); return the seconds the POST alone took."""
        token = self.csrf_token("/login")
        fields = {"csrf_token": token, "email": email, "password": password}
        started = time.perf_counter()
        reply = self.post_form("/login", fields)
        elapsed = time.perf_counter() - started
        if reply.status != 302 or reply.location is None:
            raise RuntimeError(f"sign-in failed: HTTP {reply.status}")
        self.get(reply.location)
        return elapsed

    def close(self) -> None:
        self.connection.close()
