//! What the program reports to a person (a packet refused, a row left out of an import, a
//! signature that does not count) as a code with its parameters, so each front end says it in
//! its own language. The Vietnamese wording of every code lives here, once: [`Message::text`]
//! is rendered from it for the CLI and the files the program writes, and the window's Vietnamese
//! catalogue is generated from it (`ui/src/lib/i18n/messages.vi.ts`, by `make bindings`). The
//! English wording is written by hand in `ui/src/lib/i18n/messages.en.ts`, typed so that a code
//! without English fails the UI's type check.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use ts_rs::TS;

/// Declares [`MessageCode`], the parameters each code takes and its Vietnamese template, in one
/// list so that none of the three can miss a code.
macro_rules! messages {
    ($( $(#[$doc:meta])* $code:ident ( $($param:ident),* ) => $vi:literal, )*) => {
        /// Every report the program can make, by what it means. Serialized in snake_case; the
        /// window looks its wording up by this name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        pub enum MessageCode {
            $( $(#[$doc])* $code, )*
        }

        impl MessageCode {
            /// Every code, in the order declared.
            pub const ALL: &'static [MessageCode] = &[$(MessageCode::$code),*];

            /// The Vietnamese wording, with `{param}` placeholders.
            pub fn template_vi(self) -> &'static str {
                match self {
                    $(MessageCode::$code => $vi,)*
                }
            }

            /// The names of the parameters the wording takes.
            pub fn params(self) -> &'static [&'static str] {
                match self {
                    $(MessageCode::$code => &[$(stringify!($param)),*],)*
                }
            }
        }
    };
}

messages! {
    // A decision packet refused whole (core::packet::PacketError and the import at the secretariat).
    /// The file is not a packet (not JSON, too large, unreadable body).
    PacketNotAPacket(detail) => "Không phải tệp gói phiếu của Xét Khen ({detail}).",
    PacketFormat(format, expected) => "Gói phiếu định dạng «{format}», phần mềm này đọc định dạng «{expected}».",
    PacketKey() => "Khóa công khai trong gói phiếu không hợp lệ.",
    PacketSignature() => "Chữ ký của gói phiếu không đúng: nội dung đã bị sửa sau khi ký, hoặc gói không do thành viên này ký.",
    PacketContent(detail) => "Gói phiếu có nội dung không hợp lệ: {detail}.",
    /// The file could not be read (missing, too large, locked).
    PacketUnreadable(detail) => "{detail}",
    PacketUnknownMember(member, id) => "{member} (mã {id}) không phải thành viên đã đăng ký của hội đồng trên máy này.",
    PacketWrongKey(member) => "Gói ký bằng khóa không phải khóa đã đăng ký của {member}.",
    PacketUnknownRound(round) => "Đợt xét «{round}» không có trên máy này.",
    PacketNominationNotInRound(nomination, round) => "Hồ sơ {nomination} không thuộc đợt xét {round}.",
    PacketUnknownCriteriaSet(nomination, set) => "Hồ sơ {nomination}: bộ tiêu chí {set} không có.",
    PacketInvalidReview(name, nomination, detail) => "Hồ sơ «{name}» ({nomination}): {detail}",

    // What a merged packet needs the committee to see (PacketNotice).
    NoticeOutdated(member, name) => "{member} chấm hồ sơ «{name}» trên một phiên bản cũ; phiếu chưa được tính cho đến khi chấm lại.",
    NoticeConflict(member, tie, name) => "{member} đã khai báo liên quan đến «{tie}» nhưng biểu quyết hồ sơ «{name}»; phiếu không được tính.",
    NoticeSummaryMismatch(file, member) => "Tệp {file} không phải phiếu đánh giá đã ký kèm gói này (mã băm không khớp); hãy lấy lại bản gốc từ {member}.",
    NoticeDuplicateSequence(member, seq) => "{member} đã gửi một gói khác cũng mang số {seq} (có thể máy bị sao chép). Phiếu của cả hai gói chưa được tính cho đến khi thành viên gửi gói mới hơn.",
    NoticeBrokenChain(first, second, member) => "Gói số {first} và gói số {second} của {member} không nối tiếp nhau (gói trước ghi trong gói sau không khớp).",

    // The tally.
    /// Two different packets from one member under one number.
    TallyDisputed(member, seq) => "{member}: hai gói khác nhau cùng số {seq}",
    /// The vote rule counted against the committee's members.
    VoteRuleMembers(pct) => "Hồ sơ được thông qua khi số phiếu đồng ý nhiều hơn {pct}% tổng số thành viên hội đồng được biểu quyết (không tính thành viên có xung đột lợi ích).",
    /// The vote rule counted against the votes cast.
    VoteRuleCast(pct) => "Hồ sơ được thông qua khi số phiếu đồng ý nhiều hơn {pct}% số phiếu đồng ý và không đồng ý, sau khi mọi thành viên đã biểu quyết.",

    // The award rules of IV.1 (core::award::check_award).
    AwardFlagCollectiveOnly() => "Cờ Thi đua của Thành phố chỉ xét tặng cho tập thể, không xét cho cá nhân.",
    AwardFlagFinalOnly() => "Cờ Thi đua của Thành phố chỉ xét tặng nhân dịp tổng kết Phong trào thi đua.",
    AwardNotAllowed() => "Hình thức khen thưởng không được phép.",
    AwardCertificateReviewsOnly() => "Bằng khen của Ủy ban nhân dân Thành phố chỉ xét tặng nhân dịp sơ kết, tổng kết Phong trào thi đua.",

    // A cell that does not hold what its column asks for (import::ValueError).
    ValuePercent(text) => "\"{text}\" không phải là tỷ lệ phần trăm (ví dụ 92,5 hoặc 92,5%).",
    ValuePercentCell(text) => "\"{text}\" không phải là tỷ lệ phần trăm.",
    ValueKind(text) => "Không hiểu loại đối tượng \"{text}\": phải là \"Tập thể\" hoặc \"Cá nhân\".",
    ValueAward(text) => "Không hiểu hình thức khen thưởng \"{text}\": phải là Cờ Thi đua, Bằng khen hoặc Giấy khen.",
    ValueBirthYear(text) => "\"{text}\" không phải là năm sinh hay ngày sinh (ví dụ 1980 hoặc 15/03/1980).",
    ValueBirthYearCell(text) => "\"{text}\" không phải là năm sinh.",
    ValueBirthYearRange(year) => "Năm sinh {year} không hợp lệ.",
    ValueIdNumber(text) => "Số định danh \"{text}\" không hợp lệ.",
    ValueIdNumberDigits(text) => "Số định danh \"{text}\" chỉ được gồm chữ số.",
    ValueYesNo(text) => "\"{text}\" không phải là Có/Không.",

    // A row of an imported list (import::Problem): left out, or a warning.
    ImportMissingName() => "Thiếu họ và tên / tên tập thể.",
    ImportNoUnitColumn() => "Danh sách không có cột Đơn vị.",
    ImportMissingUnit() => "Thiếu đơn vị.",
    ImportUnknownCriteriaSet(set, known) => "Bộ tiêu chí {set} không có trong bộ tiêu chí của đợt xét (có: {known}).",
    ImportMissingCriteriaSet() => "Thiếu bộ tiêu chí (ví dụ 2.2 hoặc 2.4).",
    ImportUnreadableCriteriaSet(text) => "Không đọc được bộ tiêu chí \"{text}\" (ví dụ 2.2).",
    ImportMissingKind() => "Thiếu loại đối tượng (Tập thể/Cá nhân) và không suy ra được từ bộ tiêu chí.",
    /// The set is for collectives, the row an individual.
    ImportSetForCollectives(set) => "Bộ tiêu chí {set} dành cho tập thể, nhưng dòng này là cá nhân.",
    /// The set is for individuals, the row a collective.
    ImportSetForIndividuals(set) => "Bộ tiêu chí {set} dành cho cá nhân, nhưng dòng này là tập thể.",
    ImportMissingAward() => "Thiếu hình thức khen thưởng.",
    ImportPercentOutOfRange(value) => "Tỷ lệ {value} nằm ngoài khoảng 0–100%.",
    ImportRowIncomplete() => "Dòng thiếu thông tin bắt buộc.",
    /// Warning: every number of a percentage column is at most 1.
    ImportFractionColumn() => "Mọi giá trị của cột đều không quá 1 nên được hiểu là phân số của ô định dạng phần trăm (0,925 = 92,5%).",
    /// Warning: a lone number at most 1 among percentages.
    ImportSmallPercent(value, percent) => "Tỷ lệ {value} được hiểu là {value}%; nếu ý là {percent}% hãy sửa lại.",
    /// Warning: the birth year did not read and is left empty.
    ImportBirthYearIgnored(text) => "\"{text}\" không phải là năm sinh hợp lệ. Năm sinh được bỏ trống.",
    /// Warning: the ID number did not read and is left empty.
    ImportIdNumberIgnored(text) => "Số định danh \"{text}\" không hợp lệ. Số định danh được bỏ trống.",
    /// Warning: a numeric cell lost the ID number's leading zeros.
    ImportIdNumberLostZeros(digits, id) => "Số định danh mất số 0 ở đầu: ô kiểu số chỉ còn {digits} chữ số ({id}); hãy định dạng cột là văn bản và nhập lại.",
    /// Warning: neither 12 (CCCD) nor 9 (CMND) digits.
    ImportIdNumberLength(id, digits) => "Số định danh {id} có {digits} chữ số; CCCD có 12 chữ số, CMND có 9.",
    /// Warning: cells look typed in a legacy encoding, not converted.
    ImportLegacyCells(cells, encoding) => "{cells} ô có vẻ được gõ bằng bảng mã {encoding}; hãy chọn chuyển sang Unicode rồi nhập lại.",
    /// The same, with one cell before and after conversion.
    ImportLegacyCellsExample(cells, encoding, before, after) => "{cells} ô có vẻ được gõ bằng bảng mã {encoding} (ví dụ \"{before}\" → \"{after}\"); hãy chọn chuyển sang Unicode rồi nhập lại.",
    /// A file refused until its legacy encoding is converted.
    ImportLegacyFile(cells, encoding) => "Tệp có {cells} ô chữ gõ bằng bảng mã cũ ({encoding}); hãy xem bản chuyển đổi rồi nhập lại với tuỳ chọn chuyển mã.",
    /// The same nominee twice: the same ID number.
    ImportDuplicateId(id, file, row) => "Số định danh {id} xuất hiện hai lần; dòng này bị loại (trùng với {file}, dòng {row}).",
    /// The same individual twice: name, birth year and unit.
    ImportDuplicateIndividual(name, file, row) => "«{name}» xuất hiện hai lần với cùng năm sinh và đơn vị; dòng này bị loại (trùng với {file}, dòng {row}).",
    /// The same collective twice: name and unit.
    ImportDuplicateCollective(name, file, row) => "Tập thể «{name}» xuất hiện hai lần với cùng đơn vị; dòng này bị loại (trùng với {file}, dòng {row}).",
    /// Duplicate names differing only in marks or case.
    ImportLookalikeNames(first, second) => "Có thể trùng: «{first}» và «{second}» chỉ khác nhau ở dấu hoặc chữ hoa; cả hai được giữ, trừ khi bỏ một dòng.",
    /// One name in units differing only in marks or case.
    ImportLookalikeUnits(name, first, second) => "Có thể trùng: «{name}» ở «{first}» và ở «{second}» (tên đơn vị chỉ khác dấu hoặc chữ hoa); cả hai được giữ, trừ khi bỏ một dòng.",
    /// The same name, birth year and unit, different ID numbers.
    ImportLookalikeIds(name) => "Có thể trùng: «{name}» cùng năm sinh và đơn vị nhưng khác số định danh; cả hai được giữ, trừ khi bỏ một dòng.",

    // A whole file that could not be read for import (import::ImportError).
    ImportFileIo(file, reason) => "Không mở được tệp {file}: {reason}",
    ImportFileTooLarge(file, size_mb, limit_mb) => "Tệp {file} quá lớn ({size_mb} MB); giới hạn là {limit_mb} MB.",
    ImportFileEmpty(file) => "Tệp {file} trống (0 byte).",
    ImportFileUnsupported(file, detail) => "Tệp {file} có định dạng không được hỗ trợ ({detail}). Hãy lưu lại thành .xlsx, .xls, .ods hoặc .csv.",
    ImportFilePassword(file) => "Tệp {file} được bảo vệ bằng mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại.",
    ImportFileCorrupt(file, format, detail) => "Tệp {file} bị hỏng hoặc không đúng định dạng {format}: {detail}",
    ImportFileUnsafe(file, detail) => "Tệp {file} bị từ chối vì không an toàn: {detail}",
    ImportFileEncodingUndecided(file) => "Không xác định được bảng mã của tệp {file}. Hãy chọn bảng mã (UTF-8, UTF-16 hoặc Windows-1258) rồi nhập lại.",
    ImportFileEncodingInvalid(file, encoding, detail) => "Tệp {file} không đọc được bằng bảng mã {encoding}: {detail}",
    ImportFileNoSuchSheet(file, sheet, available) => "Tệp {file} không có trang tính nào tên \"{sheet}\". Các trang tính: {available}.",
    ImportFileNoHeader(file) => "Không tìm thấy dòng tiêu đề trong tệp {file}: cần ít nhất cột \"Họ và tên / Tên tập thể\" và một cột khác như \"Đơn vị\" hoặc \"Hình thức khen thưởng\".",
    /// A workbook without any sheet.
    ImportFileNoHeaderNoSheets(file) => "Không tìm thấy dòng tiêu đề trong tệp {file} (tệp không có trang tính nào): cần ít nhất cột \"Họ và tên / Tên tập thể\" và một cột khác như \"Đơn vị\" hoặc \"Hình thức khen thưởng\".",
    /// The sheet asked for.
    ImportFileNoHeaderOnSheet(file, sheet) => "Không tìm thấy dòng tiêu đề trong tệp {file} (trang {sheet}): cần ít nhất cột \"Họ và tên / Tên tập thể\" và một cột khác như \"Đơn vị\" hoặc \"Hình thức khen thưởng\".",
    /// Every sheet of the workbook looked at.
    ImportFileNoHeaderOnSheets(file, count) => "Không tìm thấy dòng tiêu đề trong tệp {file} (đã xem {count} trang tính): cần ít nhất cột \"Họ và tên / Tên tập thể\" và một cột khác như \"Đơn vị\" hoặc \"Hình thức khen thưởng\".",
    ImportFileWrite(file, reason) => "Không ghi được tệp mẫu {file}: {reason}",
    ImportFileStopped(file) => "Đã dừng đọc tệp {file} theo yêu cầu.",

    // The check of a signed PDF (pdf::verify): the file, a signature, its certificate chain.
    VerifyUnreadable(detail) => "Tệp PDF không đọc được: {detail}",
    VerifyNoSignature() => "Tệp không có chữ ký số nào.",
    SignatureDictionaryUnreadable(detail) => "Không đọc được từ điển chữ ký: {detail}",
    /// Bytes appended after the last signature.
    SignatureAppended() => "Tệp đã bị thêm nội dung (cập nhật gia tăng) sau khi ký: chữ ký không bao trùm toàn bộ tệp.",
    SignatureCertifiedChanged() => "Tài liệu được chứng nhận không cho phép thay đổi (DocMDP P=1) nhưng đã bị thay đổi sau khi ký.",
    /// After an approval signature, more than later signatures: `changes` says what, in Vietnamese.
    SignatureChangedAfter(changes) => "Nội dung tệp đã bị thay đổi sau chữ ký này (ngoài việc thêm chữ ký khác): {changes}",
    SignatureSubFilter() => "Định dạng chữ ký (SubFilter) không được hỗ trợ.",
    SignatureNoContents() => "Chữ ký không có /Contents.",
    SignatureByteRange() => "Vùng ký (ByteRange) không hợp lệ hoặc vượt quá kích thước tệp.",
    SignatureByteRangeStart() => "Vùng ký (ByteRange) không bắt đầu từ đầu tệp.",
    SignatureGap() => "Phần không được ký (giữa hai vùng ByteRange) không đúng là chuỗi /Contents của chữ ký.",
    SignatureCmsBroken(detail) => "Cấu trúc CMS SignedData hỏng: {detail}",
    SignatureNotSignedData() => "Nội dung chữ ký không phải CMS SignedData.",
    SignatureCmsUndecodable(detail) => "Không giải mã được chữ ký CMS: {detail}",
    SignatureNoSignerInfo() => "CMS không có thông tin người ký (SignerInfo).",
    SignatureNoSignerCertificate() => "CMS không chứa chứng thư của người ký.",
    SignatureNotSha256() => "Thuật toán băm không phải SHA-256.",
    SignatureNoSignedAttributes() => "CMS thiếu thuộc tính được ký (signed attributes), không đúng PAdES.",
    SignatureNoMessageDigest() => "CMS thiếu thuộc tính message-digest.",
    /// The digest of the signed bytes does not match: the content changed.
    SignatureDigestMismatch() => "Nội dung tệp đã bị thay đổi sau khi ký: mã băm của vùng được ký không khớp với mã băm trong chữ ký.",
    SignatureContentType() => "Thuộc tính content-type của CMS không phải id-data.",
    SignatureNoSigningCertificate() => "CMS thiếu thuộc tính signing-certificate-v2 (bắt buộc theo PAdES).",
    SignatureSigningCertificateMismatch() => "Thuộc tính signing-certificate-v2 không khớp với chứng thư của người ký.",
    SignatureWrong() => "Chữ ký số không đúng: các thuộc tính được ký đã bị sửa hoặc không được ký bằng khóa của chứng thư này.",
    CertificateNotForSigning(name) => "Chứng thư \"{name}\" không được dùng để ký số (keyUsage không có digitalSignature hay nonRepudiation).",
    CertificateKeyUsageUnreadable(name) => "Chứng thư \"{name}\": phần mở rộng keyUsage không đọc được.",
    CertificateNotForDocuments(name) => "Chứng thư \"{name}\" không được dùng để ký văn bản (extendedKeyUsage không cho phép ký tài liệu).",
    CertificateExtendedKeyUsageUnreadable(name) => "Chứng thư \"{name}\": phần mở rộng extendedKeyUsage không đọc được.",
    /// Not valid at the verification time, the signature carrying no trusted timestamp.
    CertificateExpiredNow(name, from, to) => "Chứng thư \"{name}\" không có hiệu lực vào thời điểm kiểm tra (hiệu lực từ {from} đến {to}); chữ ký không có dấu thời gian tin cậy nên hiệu lực được xét tại thời điểm kiểm tra.",
    /// Not valid at the genTime of the signature's trusted timestamp.
    CertificateExpiredAtTimestamp(name, from, to) => "Chứng thư \"{name}\" không có hiệu lực vào thời điểm ghi trong dấu thời gian tin cậy của chữ ký (hiệu lực từ {from} đến {to}).",
    /// A timestamp authority's certificate not valid now.
    CertificateExpired(name, from, to) => "Chứng thư \"{name}\" không có hiệu lực vào thời điểm kiểm tra (hiệu lực từ {from} đến {to}).",
    CertificatePathLen(name, allowed, below) => "Chứng thư \"{name}\" chỉ được cấp cho tối đa {allowed} tổ chức cấp chứng thư trung gian bên dưới (pathLen), chuỗi này có {below}.",
    CertificateNotCa(name) => "Chứng thư \"{name}\" không phải của một tổ chức cấp chứng thư (không có basicConstraints CA:TRUE) nên không được cấp chứng thư cho người khác.",
    CertificateNoKeyCertSign(name) => "Chứng thư \"{name}\" không được dùng để cấp chứng thư (keyUsage không có keyCertSign).",
    ChainNoAnchors() => "Chưa có chứng thư gốc tin cậy nào để đối chiếu chuỗi chứng thư.",
    ChainNoPath() => "Chứng thư của người ký không dẫn tới chứng thư gốc tin cậy nào.",
    /// The timestamp authority's certificate chains to no anchor.
    TimestampNoPath() => "Dấu thời gian: chứng thư của tổ chức cấp dấu thời gian không dẫn tới chứng thư gốc tin cậy nào.",
    TimestampCmsBroken() => "Dấu thời gian: cấu trúc CMS SignedData hỏng.",
    TimestampNotAToken() => "Dấu thời gian: không phải một mã dấu thời gian RFC 3161 (CMS SignedData).",
    TimestampTstInfoUnreadable() => "Dấu thời gian: nội dung TSTInfo không đọc được.",
    TimestampNoTstInfo() => "Dấu thời gian: mã dấu thời gian không chứa TSTInfo.",
    TimestampTstInfoFields() => "Dấu thời gian: TSTInfo không đọc được (messageImprint hoặc genTime).",
    TimestampImprint() => "Dấu thời gian: mã băm trong dấu thời gian (messageImprint) không khớp với giá trị chữ ký này: dấu thời gian không phải của chữ ký này.",
    TimestampInFuture() => "Dấu thời gian: thời điểm ghi trong dấu thời gian ở sau thời điểm kiểm tra.",
    TimestampNoSignerInfo() => "Dấu thời gian: không có thông tin của tổ chức cấp dấu thời gian (SignerInfo).",
    TimestampNoTsaCertificate() => "Dấu thời gian: không chứa chứng thư của tổ chức cấp dấu thời gian.",
    TimestampNoSignedAttributes() => "Dấu thời gian: thiếu thuộc tính được ký.",
    TimestampSignature() => "Dấu thời gian: chữ ký của tổ chức cấp dấu thời gian không đúng hoặc mã dấu thời gian đã bị sửa.",
    TimestampEkuNotCritical(name) => "Dấu thời gian: chứng thư \"{name}\" có extendedKeyUsage không được đánh dấu critical (RFC 3161 yêu cầu).",
    TimestampNotTsa(name) => "Dấu thời gian: chứng thư \"{name}\" không phải chứng thư cấp dấu thời gian (extendedKeyUsage phải chỉ có timeStamping).",

    // The audit log checked against itself and the data (`xetkhen audit verify`).
    AuditEntryMissing(seq, expected) => "Mục nhật ký số {seq}: thiếu mục nhật ký số {expected} (gặp mục số {seq}).",
    AuditPreviousHash(seq) => "Mục nhật ký số {seq}: mã băm của mục trước không khớp: nhật ký đã bị sửa hoặc xoá bớt.",
    AuditEntryEdited(seq) => "Mục nhật ký số {seq}: nội dung mục nhật ký đã bị sửa sau khi ghi.",
    AuditErasedInvalid(seq) => "Mục nhật ký số {seq}: mục nhật ký ghi là đã xoá nhưng không hợp lệ.",
    AuditErasureMismatch(seq, by) => "Mục nhật ký số {seq}: mục nhật ký bị xoá nội dung không khớp với lệnh xoá dữ liệu số {by}.",
    AuditErasureUnmatched(seq) => "Mục nhật ký số {seq}: lệnh xoá dữ liệu không khớp với các mục nhật ký đã xoá.",
    /// `entity` is the kind of record as the log names it (round, nomination, review…).
    AuditRecordEdited(entity, id) => "{entity} «{id}»: nội dung hiện tại khác với lần ghi cuối trong nhật ký (bị sửa ngoài chương trình).",
    AuditRecordAdded(entity, id) => "{entity} «{id}»: có trong kho nhưng không có trong nhật ký (bị thêm ngoài chương trình).",
    AuditRecordRemoved(entity, id) => "{entity} «{id}»: có trong nhật ký nhưng không còn trong kho (bị xoá ngoài chương trình).",
    /// A signed file checked against the audit chain of the laptop that signed it.
    AuditAgainstHeld(seq) => "Nhật ký vẫn chứa mục số {seq} mà tệp ghi lại khi ký.",
    AuditAgainstMissing(seq, hash) => "Nhật ký không còn mục số {seq} với mã băm {hash}… mà tệp ghi lại khi ký: nhật ký đã bị viết lại hoặc cắt bớt sau khi tệp rời máy.",
    AuditAgainstNotFromHere() => "Tệp này không do máy này ký; nhật ký của máy khác không đối chiếu được ở đây.",
    AuditAgainstNoHead() => "Tệp này không mang đầu chuỗi nhật ký (lập bằng phiên bản cũ).",
    AuditBatchRows(entity, id, rows, seq, count) => "{entity} «{id}»: các hồ sơ mà lần nhập ghi lại ({rows} dòng) không khớp với mã băm mục nhật ký số {seq} ({count} dòng) giữ (bảng lần nhập bị sửa ngoài chương trình).",
}

/// A report as a code, its parameters, and its Vietnamese sentence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
pub struct Message {
    pub code: MessageCode,
    /// The values of the code's `{param}` placeholders: names, numbers, file names, column
    /// letters, as data; never words to translate.
    pub params: BTreeMap<String, String>,
    /// The Vietnamese sentence, rendered from the code's template: what the CLI prints and the
    /// files the program writes carry.
    pub text: String,
}

impl Message {
    /// The message of `code` with its parameters, each given once by name. In debug builds the
    /// names must be exactly the code's (a test renders every code).
    pub fn new<const N: usize>(code: MessageCode, params: [(&str, String); N]) -> Message {
        let params: BTreeMap<String, String> = params
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        debug_assert!(
            params.keys().map(String::as_str).eq({
                let mut want = code.params().to_vec();
                want.sort_unstable();
                want
            }),
            "{code:?} takes {:?}, given {:?}",
            code.params(),
            params.keys()
        );
        let text = render(code.template_vi(), &params);
        Message { code, params, text }
    }
}

/// The Vietnamese sentences of `messages`, joined by `sep`: for a line of the CLI or an error.
pub fn join(messages: &[Message], sep: &str) -> String {
    messages
        .iter()
        .map(|m| m.text.as_str())
        .collect::<Vec<_>>()
        .join(sep)
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// `template` with each `{name}` replaced by its parameter; a placeholder without one is left.
pub fn render(template: &str, params: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if params.contains_key(name) => {
                out.push_str(&params[name]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders of a template, in order of first appearance.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !out.contains(&name) {
            out.push(name);
        }
        rest = &after[close + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_vietnamese_wording_that_uses_exactly_its_params() {
        for code in MessageCode::ALL {
            let template = code.template_vi();
            assert!(!template.trim().is_empty(), "{code:?} has no wording");
            let mut used = placeholders(template);
            used.sort_unstable();
            let mut declared = code.params().to_vec();
            declared.sort_unstable();
            assert_eq!(used, declared, "{code:?}: placeholders against parameters");
        }
    }

    #[test]
    fn every_code_renders_with_all_its_params_filled() {
        for code in MessageCode::ALL {
            let params: BTreeMap<String, String> = code
                .params()
                .iter()
                .map(|p| (p.to_string(), format!("<{p}>")))
                .collect();
            let text = render(code.template_vi(), &params);
            assert!(
                !text.contains('{') && !text.contains('}'),
                "{code:?} left a placeholder: {text}"
            );
            for p in code.params() {
                assert!(text.contains(&format!("<{p}>")), "{code:?} lost {p}");
            }
        }
    }

    #[test]
    fn a_message_keeps_its_code_and_params_and_says_them_in_vietnamese() {
        let m = Message::new(
            MessageCode::TallyDisputed,
            [("member", "Nguyễn Văn An".into()), ("seq", "3".into())],
        );
        assert_eq!(m.code, MessageCode::TallyDisputed);
        assert_eq!(m.params["seq"], "3");
        assert_eq!(m.text, "Nguyễn Văn An: hai gói khác nhau cùng số 3");
        assert_eq!(
            serde_json::to_value(m.code).ok(),
            Some(serde_json::json!("tally_disputed"))
        );
    }

    #[test]
    fn a_value_holding_braces_is_not_read_as_a_placeholder() {
        let m = Message::new(MessageCode::ValueKind, [("text", "{name}".into())]);
        assert!(m.text.contains("\"{name}\""));
    }
}
