#!/usr/bin/env python3
"""Independent second implementation check of docs/protocol.md test vectors.

Re-derives keys from seeds, re-parses every structure from the documented field tables,
verifies every signature, recomputes the Merkle leaf hashes, root, claim digest and the audit
draw, and checks the audit response's Merkle paths. Needs Python 3.8+ and the `cryptography`
package. Run from the repository root:

    python3 bandwidth-proof/src/test/python/check_vectors.py docs/protocol.md
"""
import base64
import hashlib
import re
import struct
import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives import serialization


def load(path):
    text = open(path, encoding="utf-8").read()
    out = {}
    for m in re.finditer(r"<!-- vector: (\S+) -->\s*\n`[^`]*` \((\d+) bytes\)\s*\n```text\n(.*?)\n```", text, re.S):
        name, size, body = m.group(1), int(m.group(2)), re.sub(r"\s+", "", m.group(3))
        value = body.encode() if name == "token.header" else bytes.fromhex(body)
        assert len(value) == size, f"{name}: {len(value)} bytes, doc says {size}"
        out[name] = value
    return out


def pub_of(seed):
    return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def verify(pub, msg, sig):
    Ed25519PublicKey.from_public_bytes(pub).verify(sig, msg)  # raises InvalidSignature


def sha(*parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.digest()


def parse_token(b):
    assert len(b) == 170 and b[0] == 0x54 and b[1] == 1
    nb, exp, cap = struct.unpack(">qqq", b[82:106])
    tok = dict(publisher=b[2:34], viewer=b[34:66], id=b[66:82], not_before=nb, expires=exp, cap=cap)
    verify(tok["publisher"], b[:106], b[106:])
    return tok


def parse_receipt(b, viewer):
    assert len(b) == 146 and b[0] == 0x52 and b[1] == 1
    epoch, serial, nbytes, ts = struct.unpack(">qqqq", b[50:82])
    verify(viewer, b[:82], b[82:])
    return dict(token=b[2:18], node=b[18:50], epoch=epoch, serial=serial, bytes=nbytes, ts=ts)


def merkle_root(leaf_hashes):
    level = list(leaf_hashes)
    while len(level) > 1:
        nxt = [sha(b"\x01", level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])  # promote the last node unchanged
        level = nxt
    return level[0]


def path_root(leaf, index, n, siblings):
    h, i, m, used = sha(b"\x00", leaf), index, n, 0
    while m > 1:
        if (i ^ 1) < m:
            s = siblings[used]
            used += 1
            h = sha(b"\x01", h, s) if i % 2 == 0 else sha(b"\x01", s, h)
        i, m = i >> 1, (m + 1) // 2
    assert used == len(siblings), "sibling count"
    return h


def draw(digest, beacon, k, n):
    seed = sha(b"edgeweave/audit/v1", digest, beacon)
    want, r, chosen, c = min(k, n), (1 << 64) % n, set(), 0
    while len(chosen) < want:
        block = sha(seed, struct.pack(">I", c))
        c += 1
        for j in range(4):
            if len(chosen) == want:
                break
            v = int.from_bytes(block[8 * j:8 * j + 8], "big")
            if r and v >= (1 << 64) - r:
                continue
            chosen.add(v % n)
    return sorted(chosen)


def main(path):
    v = load(path)
    for who in ("publisher", "viewer", "node"):
        assert pub_of(v[who + ".seed"]) == v[who + ".public"], who
    tok = parse_token(v["token.signed"])
    assert v["token.signed"][:106] == v["token.body"]
    assert base64.urlsafe_b64decode(v["token.header"] + b"=" * (-len(v["token.header"]) % 4)) == v["token.signed"]
    assert tok["publisher"] == v["publisher.public"] and tok["viewer"] == v["viewer.public"]
    rec = parse_receipt(v["receipt.signed"], tok["viewer"])
    assert v["receipt.signed"][:82] == v["receipt.body"] and rec["node"] == v["node.public"]
    batch = v["receiptBatch"]
    assert batch[:2] == b"\x42\x01" and struct.unpack(">II", batch[2:10]) == (1, 146) and batch[10:] == v["receipt.signed"]
    assert merkle_root([sha(b"\x00", x) for x in (b"a", b"b", b"c")]) == v["merkle.root(a,b,c)"]

    c = v["claim.signed"]
    assert c[:2] == b"\x43\x01" and c[2:34] == v["node.public"]
    epoch, n, total = struct.unpack(">qIq", c[34:54])
    root = c[54:86]
    entries = [c[86 + 32 * i:118 + 32 * i] for i in range(n)]
    assert len(c) == 86 + 32 * n + 64
    verify(c[2:34], c[:-64], c[-64:])
    assert sum(struct.unpack(">q", e[16:24])[0] for e in entries) == total
    assert [e[:16] for e in entries] == sorted(e[:16] for e in entries)
    assert sha(c) == v["claim.digest"] and root == v["claim.root"]

    ch = v["auditChallenge"]
    assert ch[:2] == b"\x41\x01" and ch[2:34] == v["node.public"] and ch[42:74] == sha(c)
    beacon = ch[74:106]
    cn, k = struct.unpack(">II", ch[106:114])
    idx = list(struct.unpack(">" + "I" * k, ch[114:114 + 4 * k]))
    assert cn == n and idx == draw(sha(c), beacon, k, n), (idx, draw(sha(c), beacon, k, n))

    resp, pos = v["auditResponse"], 42
    assert resp[:2] == b"\x50\x01" and resp[2:34] == sha(c)
    rn, count = struct.unpack(">II", resp[34:42])
    assert rn == n and count == k
    leaf_hashes = {}
    for want in idx:
        index, rlen = struct.unpack(">II", resp[pos:pos + 8])
        receipt = resp[pos + 8:pos + 8 + rlen]
        pos += 8 + rlen
        (tlen,) = struct.unpack(">I", resp[pos:pos + 4])
        token = parse_token(resp[pos + 4:pos + 4 + tlen])
        pos += 4 + tlen
        sc = resp[pos]
        sibs = [resp[pos + 1 + 32 * s:pos + 33 + 32 * s] for s in range(sc)]
        pos += 1 + 32 * sc
        r = parse_receipt(receipt, token["viewer"])
        assert index == want and r["token"] == token["id"] and r["epoch"] == epoch
        e = entries[index]
        assert e[:16] == r["token"] and struct.unpack(">qq", e[16:32]) == (r["bytes"], token["cap"])
        assert path_root(receipt, index, n, sibs) == root
        leaf_hashes[index] = sha(b"\x00", receipt)
    assert pos == len(resp)
    for i, h in leaf_hashes.items():
        assert h == v["claim.leafHash[%d]" % i]
    print("all %d vectors check out independently" % len(v))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/protocol.md")
