// The one place that talks to Tauri. Every command goes through `call`, which turns
// whatever the Rust side rejected with into an `IpcError` carrying the ApiError's
// code, message (already Vietnamese), the offending field and the finer reason code of the
// part that refused, if any.
import { invoke } from "@tauri-apps/api/core";
import type { ApiError, ErrorCode } from "./bindings";

const ERROR_CODES: readonly ErrorCode[] = [
  "not_found",
  "invalid_input",
  "store",
  "io",
  "conflict",
  "internal",
  "cancelled",
  "locked",
  "untrusted",
];

const lockedListeners: Array<() => void> = [];

/** Calls `listener` whenever a command is refused because the store is locked. */
export function onLocked(listener: () => void): void {
  lockedListeners.push(listener);
}

export class IpcError extends Error implements ApiError {
  readonly code: ErrorCode;
  readonly field: string | null;
  /** The code of the part below that refused (`pdf.parse`, `store.busy`…), when it has one. */
  readonly reason: string | null;
  /** The command that failed, for the log; never shown as the title. */
  readonly command: string;

  constructor(
    code: ErrorCode,
    message: string,
    field: string | null,
    command: string,
    reason: string | null = null,
  ) {
    super(message);
    this.name = "IpcError";
    this.code = code;
    this.field = field;
    this.command = command;
    this.reason = reason;
  }
}

/** True inside the Tauri WebView, false in a plain browser (e.g. `vite preview`). */
export function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

function isApiError(value: unknown): value is ApiError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === "string" &&
    (ERROR_CODES as readonly string[]).includes(v.code) &&
    typeof v.message === "string"
  );
}

/** Normalise anything a rejected `invoke` may hand back into an IpcError. */
export function toIpcError(reason: unknown, command: string): IpcError {
  if (reason instanceof IpcError) return reason;
  if (isApiError(reason)) {
    const field = typeof reason.field === "string" ? reason.field : null;
    const why = typeof reason.reason === "string" ? reason.reason : null;
    return new IpcError(reason.code, reason.message, field, command, why);
  }
  if (reason instanceof Error) return new IpcError("internal", reason.message, null, command);
  if (typeof reason === "string") return new IpcError("internal", reason, null, command);
  return new IpcError("internal", String(reason), null, command);
}

export async function call<R>(cmd: string, args: Record<string, unknown>): Promise<R> {
  if (!inTauri()) {
    throw new IpcError(
      "internal",
      "Giao diện đang chạy ngoài ứng dụng Tauri nên không thể gọi lệnh “" +
        cmd +
        "”. Hãy mở bằng ứng dụng Xét Khen. (Not running inside Tauri.)",
      null,
      cmd,
    );
  }
  try {
    return await invoke<R>(cmd, args);
  } catch (reason) {
    const error = toIpcError(reason, cmd);
    if (error.code === "locked") lockedListeners.forEach((l) => l());
    throw error;
  }
}
