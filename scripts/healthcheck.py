"""The web container's health check (docker-compose.yml): GET /healthz, exit 0 on 200.

It asks gunicorn directly over plain http, as the first name in ALLOWED_HOSTS (Django
refuses any other Host), and follows no redirect: a redirect means the check is not
reaching the health endpoint at all, and is reported as such.
"""

import os
import sys
import urllib.error
import urllib.request


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urlopen then raises HTTPError with the 3xx status


def host_header() -> str:
    """A host name that ALLOWED_HOSTS accepts ('.example.org' allows 'example.org')."""
    first = os.environ.get("ALLOWED_HOSTS", "").split(",")[0].strip()
    return first.lstrip(".") if first not in ("", "*") else "localhost"


def main(url: str) -> int:
    if not url.startswith(("http://", "https://")):
        print("not an http(s) URL:", url)
        return 2
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Host": host_header()})  # noqa: S310
    try:
        with opener.open(request, timeout=4) as response:
            print(response.status, response.read(500).decode(errors="replace"))
            return 0
    except urllib.error.HTTPError as exc:
        where = f" to {exc.headers.get('Location')}" if 300 <= exc.code < 400 else ""
        print(exc.code, f"redirected{where}" if where else exc.read(500).decode(errors="replace"))
    except OSError as exc:
        print("unreachable:", exc)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/healthz"))
