"""Signs a PDF with pyHanko and a signature timestamp from a local timestamp authority, the way
an outsider's signing tool would, for tests/timestamp.rs.

Usage: python timestamped_sign.py IN.pdf OUT.pdf KEY.pem CERT.pem TSA_KEY.der TSA_CERT.der GENTIME
       [TOKEN_FROM.pdf]

KEY.pem is the signer's PKCS#8 key, CERT.pem its certificate; TSA_KEY.der (PKCS#8, RSA: pyHanko's
DummyTimeStamper signs with RSA only) and TSA_CERT.der the timestamp authority's; GENTIME the
genTime it writes (ISO 8601, e.g. 2020-06-01T03:00:00+00:00). With TOKEN_FROM.pdf, the
timestamp token of that file's signature replaces the one just made (the signature itself, and
so the byte range, unchanged: unsigned attributes are outside what the signer signs).
"""

import io
import sys
from datetime import datetime

from asn1crypto import cms, keys, x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper


def signature_of(pdf: bytes):
    """The CMS ContentInfo of the first signature, and where its hex string sits."""
    sig = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    br = sig.byte_range
    # The gap between the two ranges is "<hex>".
    return sig.sig_object['/Contents'], br[1] + 1, br[2] - 1


def transplant(pdf: bytes, donor: bytes) -> bytes:
    contents, start, end = signature_of(pdf)
    donor_contents, _, _ = signature_of(donor)
    donor_si = cms.ContentInfo.load(bytes(donor_contents))['content']['signer_infos'][0]
    info = cms.ContentInfo.load(bytes(contents))
    si = info['content']['signer_infos'][0]
    si['unsigned_attrs'] = donor_si['unsigned_attrs'].copy()
    new_hex = info.dump(force=True).hex().encode()
    room = end - start
    if len(new_hex) > room:
        sys.exit("the transplanted token does not fit in /Contents")
    return pdf[:start] + new_hex + b"0" * (room - len(new_hex)) + pdf[end:]


def main() -> None:
    src, dst, key, cert, tsa_key, tsa_cert, gen_time = sys.argv[1:8]
    donor = sys.argv[8] if len(sys.argv) > 8 else None
    signer = signers.SimpleSigner.load(key, cert)
    if signer is None:
        sys.exit("pyHanko could not load the signer's key and certificate")
    stamper = DummyTimeStamper(
        tsa_cert=x509.Certificate.load(open(tsa_cert, "rb").read()),
        tsa_key=keys.PrivateKeyInfo.load(open(tsa_key, "rb").read()),
        fixed_dt=datetime.fromisoformat(gen_time),
    )
    meta = signers.PdfSignatureMetadata(
        field_name="Signature1",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Phê duyệt danh sách",
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(open(src, "rb").read()))
    out = signers.sign_pdf(writer, meta, signer=signer, timestamper=stamper).getvalue()
    if donor is not None:
        out = transplant(out, open(donor, "rb").read())
    open(dst, "wb").write(out)


if __name__ == "__main__":
    main()
