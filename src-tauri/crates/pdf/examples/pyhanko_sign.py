"""pyHanko's signing step, timed inside one Python process, for bench_sign.rs.

Usage: python pyhanko_sign.py IN.pdf OUT.pdf KEY.p12 PASSWORD PAGE RUNS

Loads the PKCS#12 once, then signs IN.pdf RUNS times the way Xét Khen does (PAdES B-B,
certifying with DocMDP "no changes", a visible field on PAGE, 0-based) and prints the median
seconds of one signing on the last line, so that interpreter start-up and imports are not counted.
"""

import io
import statistics
import sys
import time

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import MDPPerm, SigFieldSpec


def main() -> None:
    src, dst, p12, password, page, runs = sys.argv[1:7]
    data = open(src, "rb").read()
    signer = signers.SimpleSigner.load_pkcs12(p12, passphrase=password.encode())
    if signer is None:
        sys.exit("pyHanko could not open the PKCS#12 file")
    meta = signers.PdfSignatureMetadata(
        field_name="Signature1",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=MDPPerm.NO_CHANGES,
        reason="Phê duyệt danh sách đề nghị khen thưởng",
        location="Thành phố Hồ Chí Minh",
    )
    spec = SigFieldSpec("Signature1", on_page=int(page), box=(330, 60, 545, 135))
    times = []
    out = b""
    for _ in range(int(runs)):
        t = time.perf_counter()
        w = IncrementalPdfFileWriter(io.BytesIO(data))
        buf = signers.sign_pdf(w, meta, signer=signer, new_field_spec=spec)
        out = buf.getvalue()
        times.append(time.perf_counter() - t)
    open(dst, "wb").write(out)
    print(f"{statistics.median(times):.6f}")


if __name__ == "__main__":
    main()
