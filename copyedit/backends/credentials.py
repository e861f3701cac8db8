"""Credentials in a server URL (`http://user:pass@host`): used, never shown.

A URL with credentials is how people reach a LanguageTool behind basic auth,
and `requests` sends them from the URL. Everything copyedit prints (errors,
notes, reports) or keeps on disk (the result cache) must show the server
without them, since terminals, CI logs and bug reports are read by others.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

#: The user-information part of any URL in a text: `scheme://userinfo@`.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@?#]*@")


def redact_url(url: str) -> str:
    """The URL with any user name and password shown as `***`."""
    return _userinfo_as(url, "***@")


def without_credentials(url: str) -> str:
    """The URL with no user information at all: what identifies the server."""
    return _userinfo_as(url, "")


def _userinfo_as(url: str, shown: str) -> str:
    """The URL with its user information (`user:pass@`) replaced by `shown`."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return _USERINFO.sub(lambda m: m.group(1) + shown, url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=shown + parts.netloc.rsplit("@", 1)[1]))


class Redactor:
    """Hides one URL's credentials in any text: the URL's own forms, plus the
    password or user information quoted on their own, as a library's error
    message may do."""

    def __init__(self, url: str):
        self.secrets: list[str] = []
        try:
            netloc = urlsplit(url).netloc
        except ValueError:
            netloc = ""
        if "@" in netloc:
            userinfo = netloc.rsplit("@", 1)[0]
            password = userinfo.split(":", 1)[1] if ":" in userinfo else ""
            for s in (userinfo, unquote(userinfo), password, unquote(password)):
                if s and s not in self.secrets:
                    self.secrets.append(s)
            self.secrets.sort(key=len, reverse=True)

    def __call__(self, text: str) -> str:
        text = _USERINFO.sub(r"\1***@", text)
        for s in self.secrets:
            text = text.replace(s, "***")
        return text
