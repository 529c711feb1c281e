"""NiceGUI's own upload route refuses an oversized or unmeasured body from its headers alone (issue #12 item 6):
nothing of a 600 MB POST is read."""
from __future__ import annotations

import http.client
from urllib.parse import urlsplit


def post(server: str, headers: dict[str, str], body: bytes = b'') -> tuple[int, str]:
    address = urlsplit(server)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.putrequest('POST', '/_nicegui/client/0123abcd/upload/5')
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        if body:
            connection.send(body)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_a_huge_upload_is_refused_before_its_body_is_read(server: str) -> None:
    # 600 MB announced, nothing sent: the answer comes at once, so nothing was waited for
    assert post(server, {'Content-Length': str(600 * 1024 * 1024), 'Content-Type': 'multipart/form-data; b=x'}) == \
        (413, '文件不能超过 10 MB')
    status, _ = post(server, {'Transfer-Encoding': 'chunked', 'Content-Type': 'multipart/form-data; b=x'},
                     b'5\r\nhello\r\n0\r\n\r\n')
    assert status == 411
