// Why a file of an import report was refused, in the catalogue's words. The back end
// refuses a file that could not be read, that has rejected rows while skip_invalid is
// off, or whose TCVN3 or VNI text has not been converted yet.
import type { FileReport } from "../../ipc";
import type { MessageKey } from "../../i18n/index.svelte";

export function refusalReason(file: FileReport, skipInvalid: boolean): MessageKey {
  if (file.legacy_samples.length > 0 && !file.legacy_converted) return "import.blocked.legacy";
  if (file.rejected > 0 && !skipInvalid && file.header_row !== null) return "import.blocked.rejected";
  return "import.blocked.unreadable";
}

/** The distinct reasons over every refused file, in a stable order. */
export function refusalReasons(files: FileReport[], skipInvalid: boolean): MessageKey[] {
  const seen: MessageKey[] = [];
  for (const f of files) {
    if (f.accepted) continue;
    const reason = refusalReason(f, skipInvalid);
    if (!seen.includes(reason)) seen.push(reason);
  }
  return seen;
}
