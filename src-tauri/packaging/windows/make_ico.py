#!/usr/bin/env python3
"""Writes src-tauri/icons/icon.ico from the PNG icons beside it (32, 128 and 256 pixels), each
stored as PNG inside the .ico, as Windows reads since Vista. Standard library only."""
import pathlib
import struct

icons = pathlib.Path(__file__).resolve().parents[2] / "icons"
images = []
for name in ["32x32.png", "128x128.png", "128x128@2x.png"]:
    data = (icons / name).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", name
    width, height = struct.unpack(">II", data[16:24])
    images.append((width, height, data))
header = struct.pack("<HHH", 0, 1, len(images))
offset = len(header) + 16 * len(images)
entries, blobs = b"", b""
for width, height, data in images:
    # A size of 256 is written as 0.
    entries += struct.pack("<BBBBHHII", width % 256, height % 256, 0, 0, 1, 32, len(data), offset)
    blobs += data
    offset += len(data)
(icons / "icon.ico").write_bytes(header + entries + blobs)
print(f"{icons / 'icon.ico'}: {len(images)} images")
