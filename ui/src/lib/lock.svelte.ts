// Whether the store is open, and the idle lock. The back end decides the state (new store,
// store kept in clear, locked, open); this module asks for it, shows the lock screen whenever a
// command is refused as locked, and locks the store itself after the idle time of the settings
// (the back end also closes it on its own clock if the window stops telling it of activity).
import { keepAlive, lock, onLocked, sessionStatus, toIpcError, type IpcError, type SessionView } from "./ipc";
import { refreshInfo } from "./session.svelte";

export const lockState = $state<{ view: SessionView | null; error: IpcError | null }>({
  view: null,
  error: null,
});

/** How often, at most, user activity is reported to the back end. */
const KEEP_ALIVE_MS = 15_000;
const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"] as const;

let timer: ReturnType<typeof setTimeout> | null = null;
let lastKeepAlive = 0;

export async function refreshLock(): Promise<void> {
  try {
    show(await sessionStatus());
    lockState.error = null;
  } catch (e) {
    lockState.error = toIpcError(e, "session_status");
  }
}

/** Takes the state the back end answered with; starts or stops the idle clock accordingly. */
export function show(view: SessionView): void {
  const wasOpen = lockState.view?.state === "open";
  lockState.view = view;
  if (view.state === "open") {
    armTimer();
    if (!wasOpen) void refreshInfo();
  } else if (timer !== null) {
    clearTimeout(timer);
    timer = null;
  }
}

export async function lockNow(): Promise<void> {
  try {
    show(await lock());
  } catch (e) {
    lockState.error = toIpcError(e, "lock");
  }
}

function armTimer(): void {
  if (timer !== null) clearTimeout(timer);
  const minutes = lockState.view?.lock_after_minutes ?? 10;
  timer = setTimeout(() => void lockNow(), minutes * 60_000);
}

function activity(): void {
  if (lockState.view?.state !== "open") return;
  armTimer();
  const now = Date.now();
  if (now - lastKeepAlive > KEEP_ALIVE_MS) {
    lastKeepAlive = now;
    keepAlive().catch(() => undefined);
  }
}

/** Starts listening for activity and for commands refused as locked; call once at start. */
export function startLockWatch(): void {
  for (const name of ACTIVITY_EVENTS) {
    window.addEventListener(name, activity, { passive: true, capture: true });
  }
  onLocked(() => void refreshLock());
  void refreshLock();
}
