"""A workbook encrypted with a password in the standard Office (ECMA-376 agile) encryption, streamed.

msoffcrypto-tool's own ``encrypt`` holds the workbook several times over in memory (about six times its
size at its peak). Here the package is encrypted segment by segment into a scratch file, its integrity
code computed as it goes, and the container (msoffcrypto's) copies it into place: memory stays flat.
The parameters, key derivation and container are msoffcrypto's; only the streaming is done here, as its
``ECMA376Agile.encrypt_payload`` and ``generate_integrity_parameter`` do it in memory.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import shutil
import tempfile
from struct import pack
from typing import IO, Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from organizer.files.scratch import scratch_dir

SEGMENT = 4096  # the package is encrypted in segments of this size, each with its own IV
COPY = 1 << 20
# Block keys of the data integrity (ECMA-376 agile encryption, 2.3.4.14).
INTEGRITY_KEY = bytes([0x5F, 0xB2, 0xAD, 0x01, 0x0C, 0xB9, 0xE1, 0xF6])
INTEGRITY_VALUE = bytes([0xA0, 0x67, 0x7F, 0x02, 0xB2, 0x2C, 0x84, 0x33])


def encrypt_workbook(plain: IO[bytes], size: int, out: IO[bytes], password: str) -> None:
    """Write the workbook read from ``plain`` (``size`` bytes) to ``out`` (seekable), encrypted."""
    from msoffcrypto.method.container.ecma376_encrypted import ECMA376Encrypted
    from msoffcrypto.method.ecma376_agile import ECMA376Agile

    info, secret_key = ECMA376Agile.generate_encryption_parameters(password)
    params = info.keyData
    digest = _hash(params.hashName)
    with tempfile.TemporaryFile(dir=scratch_dir()) as package:
        mac_key = secrets.token_bytes(params.hashSize)
        mac = hmac.new(mac_key, digestmod=digest)
        head = pack("<Q", size)
        package.write(head)
        mac.update(head)
        for index, segment in enumerate(iter(lambda: plain.read(SEGMENT), b"")):
            iv = _sized(digest(params.saltValue + pack("<I", index)).digest(), info.encryptedKey.saltSize)
            encrypted = _aes(secret_key, iv, _padded(segment, params.blockSize))
            package.write(encrypted)
            mac.update(encrypted)
        info.encryptedHmacKey = _aes(secret_key, _iv(digest, params, INTEGRITY_KEY), mac_key)
        info.encryptedHmacValue = _aes(secret_key, _iv(digest, params, INTEGRITY_VALUE), mac.digest())
        described = info.getEncryptionDescriptorHeader() + info.toEncryptionDescriptor().encode("UTF-8")
        length = package.tell()
        package.seek(0)
        payload = _Payload(length)
        container = ECMA376Encrypted(payload, described)
        container._write_to(_Output(out, payload, package))  # write_to would first build it all in memory


def _hash(name: str) -> Any:
    return {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA384": hashlib.sha384,
            "SHA512": hashlib.sha512}.get(name, hashlib.sha1)


def _sized(key: bytes, size: int) -> bytes:
    return key[:size] if len(key) >= size else key + b"\x36" * (size - len(key))


def _iv(digest: Any, params: Any, block_key: bytes) -> bytes:
    return _sized(digest(params.saltValue + block_key).digest(), params.blockSize)


def _padded(data: bytes, block: int) -> bytes:
    return data + b"\0" * (-len(data) % block)


def _aes(key: bytes, iv: bytes, data: bytes) -> bytes:
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


class _Payload:
    """The encrypted package as the container sees it: its length (the bytes stay in the scratch file)."""

    def __init__(self, length: int) -> None:
        self.length = length

    def __len__(self) -> int:
        return self.length


class _Output:
    """The output file; the package's place in it is filled from the scratch file in large pieces."""

    def __init__(self, out: IO[bytes], payload: _Payload, package: IO[bytes]) -> None:
        self.out = out
        self.payload = payload
        self.package = package

    def write(self, data: Any) -> int:
        if data is self.payload:
            shutil.copyfileobj(self.package, self.out, COPY)
            return len(self.payload)
        return int(self.out.write(data))

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.out.seek(offset, whence)

    def tell(self) -> int:
        return self.out.tell()
