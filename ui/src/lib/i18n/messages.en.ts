// The English wording of every message code the back end reports (core::message in Rust holds
// the codes and their Vietnamese). Typed as Record<MessageCode, string>: a code without English
// fails `npm run check`. Placeholders are the code's parameters, `{name}`.
import type { MessageCode } from "../ipc/bindings";

export const messagesEn: Record<MessageCode, string> = {
  packet_not_a_packet: "Not a Xét Khen decision packet ({detail}).",
  packet_format: "The packet is in format «{format}»; this program reads format «{expected}».",
  packet_key: "The public key in the packet is not valid.",
  packet_signature:
    "The packet's signature does not match: its content was changed after signing, or this member did not sign it.",
  packet_content: "The packet's content is not valid: {detail}.",
  packet_unreadable: "{detail}",
  packet_unknown_member:
    "{member} (id {id}) is not a registered member of the committee on this computer.",
  packet_wrong_key: "The packet is signed with a key other than the one registered for {member}.",
  packet_unknown_round: "Round «{round}» is not on this computer.",
  packet_nomination_not_in_round: "Nomination {nomination} is not part of round {round}.",
  packet_unknown_criteria_set: "Nomination {nomination}: criteria set {set} does not exist.",
  packet_invalid_review: "Nomination «{name}» ({nomination}): {detail}",
  notice_outdated:
    "{member} reviewed «{name}» on an earlier version; the vote is not counted until they review it again.",
  notice_conflict:
    "{member} declared a tie to «{tie}» but voted on «{name}»; the vote is not counted.",
  notice_summary_mismatch:
    "File {file} is not the vote summary signed with this packet (the hash does not match); get the original from {member}.",
  notice_duplicate_sequence:
    "{member} sent another packet with the same number {seq} (the computer may have been copied). Neither packet's votes count until the member sends a newer one.",
  notice_broken_chain:
    "Packets {first} and {second} of {member} do not follow each other (the previous packet named in the later one does not match).",
  tally_disputed: "{member}: two different packets with the same number {seq}",
  vote_rule_members:
    "A nomination is approved when the votes for it are more than {pct}% of the committee members entitled to vote (members with a conflict of interest left out).",
  vote_rule_cast:
    "A nomination is approved when the votes for it are more than {pct}% of the votes for and against, once every member has voted.",
  award_flag_collective_only:
    "The City's Emulation Flag is awarded to collectives only, never to individuals.",
  award_flag_final_only:
    "The City's Emulation Flag is awarded only at the final review of an emulation campaign.",
  award_not_allowed: "This award form is not allowed.",
  award_certificate_reviews_only:
    "The City People's Committee's Certificate of Merit is awarded only at the mid-term or final review of an emulation campaign.",
  value_percent: "\"{text}\" is not a percentage (for example 92.5 or 92.5%).",
  value_percent_cell: "\"{text}\" is not a percentage.",
  value_kind: "Unknown nominee kind \"{text}\": it must be \"Tập thể\" (collective) or \"Cá nhân\" (individual).",
  value_award:
    "Unknown award form \"{text}\": it must be Cờ Thi đua, Bằng khen or Giấy khen.",
  value_birth_year: "\"{text}\" is not a birth year or date of birth (for example 1980 or 15/03/1980).",
  value_birth_year_cell: "\"{text}\" is not a birth year.",
  value_birth_year_range: "Birth year {year} is not valid.",
  value_id_number: "ID number \"{text}\" is not valid.",
  value_id_number_digits: "ID number \"{text}\" may hold digits only.",
  value_yes_no: "\"{text}\" is not Yes/No (Có/Không).",
  import_missing_name: "The full name / name of the collective is missing.",
  import_no_unit_column: "The list has no Unit (Đơn vị) column.",
  import_missing_unit: "The unit is missing.",
  import_unknown_criteria_set: "Criteria set {set} is not among the round's criteria sets ({known}).",
  import_missing_criteria_set: "The criteria set is missing (for example 2.2 or 2.4).",
  import_unreadable_criteria_set: "Cannot read criteria set \"{text}\" (for example 2.2).",
  import_missing_kind:
    "The nominee kind (collective/individual) is missing and cannot be told from the criteria set.",
  import_set_for_collectives: "Criteria set {set} is for collectives, but this row is an individual.",
  import_set_for_individuals: "Criteria set {set} is for individuals, but this row is a collective.",
  import_missing_award: "The award form is missing.",
  import_percent_out_of_range: "Percentage {value} is outside 0–100%.",
  import_row_incomplete: "The row lacks required information.",
  import_fraction_column:
    "Every value of the column is at most 1, so they are read as fractions of percent-formatted cells (0.925 = 92.5%).",
  import_small_percent: "Percentage {value} is read as {value}%; if {percent}% was meant, correct it.",
  import_birth_year_ignored: "\"{text}\" is not a valid birth year. The birth year is left empty.",
  import_id_number_ignored: "ID number \"{text}\" is not valid. The ID number is left empty.",
  import_id_number_lost_zeros:
    "The ID number lost its leading zeros: the number cell keeps only {digits} digits ({id}); format the column as text and import again.",
  import_id_number_length: "ID number {id} has {digits} digits; a CCCD has 12, a CMND 9.",
  import_legacy_cells:
    "{cells} cells seem typed in the {encoding} encoding; choose to convert them to Unicode and import again.",
  import_legacy_cells_example:
    "{cells} cells seem typed in the {encoding} encoding (for example \"{before}\" → \"{after}\"); choose to convert them to Unicode and import again.",
  import_legacy_file:
    "The file has {cells} cells typed in a legacy encoding ({encoding}); look at the conversion, then import again with conversion on.",
  import_duplicate_id:
    "ID number {id} appears twice; this row is left out (same as {file}, row {row}).",
  import_duplicate_individual:
    "«{name}» appears twice with the same birth year and unit; this row is left out (same as {file}, row {row}).",
  import_duplicate_collective:
    "Collective «{name}» appears twice with the same unit; this row is left out (same as {file}, row {row}).",
  import_lookalike_names:
    "Possible duplicate: «{first}» and «{second}» differ only in diacritics or case; both are kept unless you skip one row.",
  import_lookalike_units:
    "Possible duplicate: «{name}» at «{first}» and at «{second}» (the unit names differ only in diacritics or case); both are kept unless you skip one row.",
  import_lookalike_ids:
    "Possible duplicate: «{name}» with the same birth year and unit but another ID number; both are kept unless you skip one row.",
  import_file_io: "Cannot open file {file}: {reason}",
  import_file_too_large: "File {file} is too large ({size_mb} MB); the limit is {limit_mb} MB.",
  import_file_empty: "File {file} is empty (0 bytes).",
  import_file_unsupported:
    "File {file} is in a format that is not supported ({detail}). Save it as .xlsx, .xls, .ods or .csv.",
  import_file_password:
    "File {file} is protected by a password. Open it in Excel, remove the password and save it again.",
  import_file_corrupt: "File {file} is damaged or not a valid {format} file: {detail}",
  import_file_unsafe: "File {file} is refused as unsafe: {detail}",
  import_file_encoding_undecided:
    "Cannot tell the encoding of file {file}. Choose the encoding (UTF-8, UTF-16 or Windows-1258) and import again.",
  import_file_encoding_invalid: "File {file} cannot be read in the {encoding} encoding: {detail}",
  import_file_no_such_sheet: "File {file} has no sheet named \"{sheet}\". Its sheets: {available}.",
  import_file_no_header:
    "No header row found in file {file}: at least a \"Họ và tên / Tên tập thể\" (name) column and another such as \"Đơn vị\" (unit) or \"Hình thức khen thưởng\" (award) are needed.",
  import_file_no_header_no_sheets:
    "No header row found in file {file} (the file has no sheet): at least a \"Họ và tên / Tên tập thể\" (name) column and another such as \"Đơn vị\" (unit) or \"Hình thức khen thưởng\" (award) are needed.",
  import_file_no_header_on_sheet:
    "No header row found in file {file} (sheet {sheet}): at least a \"Họ và tên / Tên tập thể\" (name) column and another such as \"Đơn vị\" (unit) or \"Hình thức khen thưởng\" (award) are needed.",
  import_file_no_header_on_sheets:
    "No header row found in file {file} ({count} sheets looked at): at least a \"Họ và tên / Tên tập thể\" (name) column and another such as \"Đơn vị\" (unit) or \"Hình thức khen thưởng\" (award) are needed.",
  import_file_write: "Cannot write the template file {file}: {reason}",
  import_file_stopped: "Reading file {file} was stopped as asked.",
  verify_unreadable: "The PDF file cannot be read: {detail}",
  verify_no_signature: "The file has no digital signature.",
  signature_dictionary_unreadable: "Cannot read the signature dictionary: {detail}",
  signature_appended:
    "Content was added to the file (incremental update) after signing: the signature does not cover the whole file.",
  signature_certified_changed:
    "The certified document allows no change (DocMDP P=1) but was changed after signing.",
  signature_changed_after:
    "The file's content was changed after this signature (beyond adding other signatures): {changes}",
  signature_sub_filter: "The signature format (SubFilter) is not supported.",
  signature_no_contents: "The signature has no /Contents.",
  signature_byte_range: "The signed range (ByteRange) is not valid or runs past the end of the file.",
  signature_byte_range_start: "The signed range (ByteRange) does not start at the beginning of the file.",
  signature_gap:
    "The unsigned part (between the two ByteRange ranges) is not exactly the signature's /Contents string.",
  signature_cms_broken: "The CMS SignedData structure is damaged: {detail}",
  signature_not_signed_data: "The signature's content is not CMS SignedData.",
  signature_cms_undecodable: "Cannot decode the CMS signature: {detail}",
  signature_no_signer_info: "The CMS has no signer information (SignerInfo).",
  signature_no_signer_certificate: "The CMS does not hold the signer's certificate.",
  signature_not_sha256: "The hash algorithm is not SHA-256.",
  signature_no_signed_attributes: "The CMS lacks signed attributes, as PAdES requires.",
  signature_no_message_digest: "The CMS lacks the message-digest attribute.",
  signature_digest_mismatch:
    "The file's content was changed after signing: the hash of the signed range does not match the hash in the signature.",
  signature_content_type: "The CMS content-type attribute is not id-data.",
  signature_no_signing_certificate: "The CMS lacks the signing-certificate-v2 attribute (required by PAdES).",
  signature_signing_certificate_mismatch:
    "The signing-certificate-v2 attribute does not match the signer's certificate.",
  signature_wrong:
    "The digital signature is wrong: the signed attributes were altered or not signed with this certificate's key.",
  certificate_not_for_signing:
    "Certificate \"{name}\" may not be used for digital signatures (keyUsage has neither digitalSignature nor nonRepudiation).",
  certificate_key_usage_unreadable: "Certificate \"{name}\": the keyUsage extension cannot be read.",
  certificate_not_for_documents:
    "Certificate \"{name}\" may not be used to sign documents (extendedKeyUsage does not allow document signing).",
  certificate_extended_key_usage_unreadable:
    "Certificate \"{name}\": the extendedKeyUsage extension cannot be read.",
  certificate_expired_now:
    "Certificate \"{name}\" is not valid at the time of verification (valid from {from} to {to}); the signature has no trusted timestamp, so validity is judged at the time of verification.",
  certificate_expired_at_timestamp:
    "Certificate \"{name}\" is not valid at the time in the signature's trusted timestamp (valid from {from} to {to}).",
  certificate_expired: "Certificate \"{name}\" is not valid at the time of verification (valid from {from} to {to}).",
  certificate_path_len:
    "Certificate \"{name}\" may have at most {allowed} intermediate certification authorities below it (pathLen); this chain has {below}.",
  certificate_not_ca:
    "Certificate \"{name}\" is not a certification authority's (no basicConstraints CA:TRUE), so it may not issue certificates to others.",
  certificate_no_key_cert_sign:
    "Certificate \"{name}\" may not be used to issue certificates (keyUsage has no keyCertSign).",
  chain_no_anchors: "No trusted root certificate is available to check the certificate chain against.",
  chain_no_path: "The signer's certificate does not lead to any trusted root certificate.",
  timestamp_no_path:
    "Timestamp: the timestamp authority's certificate does not lead to any trusted root certificate.",
  timestamp_cms_broken: "Timestamp: the CMS SignedData structure is damaged.",
  timestamp_not_a_token: "Timestamp: not an RFC 3161 timestamp token (CMS SignedData).",
  timestamp_tst_info_unreadable: "Timestamp: the TSTInfo content cannot be read.",
  timestamp_no_tst_info: "Timestamp: the timestamp token holds no TSTInfo.",
  timestamp_tst_info_fields: "Timestamp: the TSTInfo cannot be read (messageImprint or genTime).",
  timestamp_imprint:
    "Timestamp: the hash in the timestamp (messageImprint) does not match this signature's value: the timestamp is not this signature's.",
  timestamp_in_future: "Timestamp: the time in the timestamp is later than the time of verification.",
  timestamp_no_signer_info: "Timestamp: no information on the timestamp authority (SignerInfo).",
  timestamp_no_tsa_certificate: "Timestamp: the timestamp authority's certificate is missing.",
  timestamp_no_signed_attributes: "Timestamp: the signed attributes are missing.",
  timestamp_signature:
    "Timestamp: the timestamp authority's signature is wrong or the timestamp token was altered.",
  timestamp_eku_not_critical:
    "Timestamp: certificate \"{name}\" has an extendedKeyUsage not marked critical (RFC 3161 requires it).",
  timestamp_not_tsa:
    "Timestamp: certificate \"{name}\" is not a timestamping certificate (extendedKeyUsage must hold timeStamping only).",
  audit_entry_missing: "Audit entry {seq}: entry {expected} is missing (entry {seq} found in its place).",
  audit_previous_hash: "Audit entry {seq}: the previous entry's hash does not match: the log was edited or shortened.",
  audit_entry_edited: "Audit entry {seq}: the entry was changed after it was written.",
  audit_erased_invalid: "Audit entry {seq}: the entry is marked erased but not validly.",
  audit_erasure_mismatch: "Audit entry {seq}: the blanked entry does not match data erasure entry {by}.",
  audit_erasure_unmatched: "Audit entry {seq}: the data erasure does not match the entries that were blanked.",
  audit_record_edited:
    "{entity} “{id}”: its content differs from the last one the audit log recorded (changed outside the program).",
  audit_record_added: "{entity} “{id}”: in the store but not in the audit log (added outside the program).",
  audit_record_removed: "{entity} “{id}”: in the audit log but no longer in the store (deleted outside the program).",
  audit_batch_rows:
    "{entity} “{id}”: the nominations the import recorded ({rows} rows) do not match the hash audit entry {seq} holds ({count} rows) (the import table was changed outside the program).",
  audit_against_held: "The audit log still holds entry {seq}, which the file recorded when it was signed.",
  audit_against_missing:
    "The audit log no longer holds entry {seq} with hash {hash}…, which the file recorded when it was signed: the log was rewritten or cut after the file left this laptop.",
  audit_against_not_from_here:
    "This file was not signed on this laptop; another laptop's audit log cannot be checked here.",
  audit_against_no_head: "This file carries no head of the audit chain (made by an earlier version).",
};
