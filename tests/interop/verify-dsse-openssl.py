#!/usr/bin/env python3
"""A second DSSE verifier, independent of both our code and sigstore-js: Python's standard library for
JSON, base64 and SHA-256, and the openssl command line for the signature.

    python3 verify-dsse-openssl.py <artifact> <bundle.json> <public-key.pem>

Rebuilds PAE(payloadType, payload) per the DSSE protocol
(https://github.com/secure-systems-lab/dsse/blob/master/protocol.md):
    "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body      (LEN = ASCII decimal byte count)
and verifies it with `openssl pkeyutl -verify -rawin` for Ed25519 (which signs the message itself) or
`openssl dgst -sha256 -verify` for ECDSA (DER signature) and RSA PKCS#1 v1.5. Then checks that the
artifact's sha256 is a subject digest. Exit 0 verified, 1 not verified, 2 usage.
"""
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile

IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json"


def pae(payload_type: bytes, payload: bytes) -> bytes:
    return b"DSSEv1 %d %s %d %s" % (len(payload_type), payload_type, len(payload), payload)


def strict_b64(text: str) -> bytes:
    # validate=True rejects characters outside the standard alphabet; our bundles use padded standard base64.
    return base64.b64decode(text, validate=True)


def reject_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate JSON key")
    return dict(pairs)


def key_type(key_path: str) -> str:
    text = subprocess.run(["openssl", "pkey", "-pubin", "-in", key_path, "-noout", "-text"],
                          check=True, capture_output=True, text=True).stdout
    if text.startswith("ED25519 Public-Key"):
        return "ed25519"
    if "\nModulus:" in text:
        return "rsa"
    if "prime256v1" in text or "P-256" in text:
        return "ecdsa-p256"
    raise ValueError("unsupported public key type in %s" % key_path)


def openssl_verify(kind: str, key_path: str, message: bytes, signature: bytes, workdir: str) -> bool:
    msg = os.path.join(workdir, "pae.bin")
    sig = os.path.join(workdir, "sig.bin")
    with open(msg, "wb") as f:
        f.write(message)
    with open(sig, "wb") as f:
        f.write(signature)
    if kind == "ed25519":
        cmd = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", key_path, "-rawin", "-in", msg, "-sigfile", sig]
    else:
        cmd = ["openssl", "dgst", "-sha256", "-verify", key_path, "-signature", sig, msg]
    return subprocess.run(cmd, capture_output=True).returncode == 0


def main(argv) -> int:
    if len(argv) != 4:
        print("usage: verify-dsse-openssl.py <artifact> <bundle.json> <public-key.pem>", file=sys.stderr)
        return 2
    artifact, bundle_path, key_path = argv[1:]
    try:
        with open(bundle_path, "rb") as f:
            bundle = json.loads(f.read().decode("utf-8"), object_pairs_hook=reject_duplicates)
        envelope = bundle["dsseEnvelope"]
        payload_type = envelope["payloadType"]
        payload = strict_b64(envelope["payload"])
        signatures = envelope["signatures"]
        if len(signatures) != 1:
            raise ValueError("expected exactly one signature, found %d" % len(signatures))
        signature = strict_b64(signatures[0]["sig"])
        kind = key_type(key_path)
        with tempfile.TemporaryDirectory() as workdir:
            if not openssl_verify(kind, key_path, pae(payload_type.encode("utf-8"), payload), signature, workdir):
                raise ValueError("signature does not verify with the given %s key" % kind)
        # Parsed only after the signature checked out, as DSSE asks.
        if payload_type != IN_TOTO_PAYLOAD_TYPE:
            raise ValueError("payloadType is %r" % payload_type)
        statement = json.loads(payload.decode("utf-8"), object_pairs_hook=reject_duplicates)
        with open(artifact, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        if not any(s.get("digest", {}).get("sha256") == digest for s in statement.get("subject", [])):
            raise ValueError("no subject has the artifact's sha256 %s" % digest)
    except Exception as error:  # one line, whatever went wrong
        print(json.dumps({"verified": False, "error": "%s: %s" % (type(error).__name__, error)}))
        return 1
    print(json.dumps({"verified": True, "verifier": "openssl " + kind, "sha256": digest}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
