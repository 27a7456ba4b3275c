// Files that reached the window outside its dialogs: dropped on it, or opened with the app (a
// double-clicked .xkgp or .xkdx, or a second launch that handed its files to this window). The
// shell keeps them (the api crate's `arrivals` module); this takes them by token on a timer while
// the store is open. A file dropped on the screen that takes its kind goes straight to that
// screen; any other file, and every file opened with the app, waits in `arrivals.asking` until the
// person says what to do with it (ArrivalPrompt.svelte). Nothing is imported without that.
import { takeArrivals, type ArrivedFile, type ArrivedKind, type PickedFile } from "./ipc";

const POLL_MS = 700;

export const arrivals = $state<{
  asking: ArrivedFile[];
  handed: Record<ArrivedKind, PickedFile[]>;
}>({ asking: [], handed: { list: [], packet: [], round_package: [], pdf: [] } });

/** How many mounted screens take dropped files of each kind (not reactive: read by the poll). */
const taking: Record<ArrivedKind, number> = { list: 0, packet: 0, round_package: 0, pdf: 0 };

/** The shown screen takes dropped files of `kind`; returns what stops it (for onMount). */
export function takeDrops(kind: ArrivedKind): () => void {
  taking[kind] += 1;
  return () => {
    taking[kind] -= 1;
  };
}

/** Gives `file` to the screen of its kind. */
export function hand(file: ArrivedFile): void {
  arrivals.handed[file.kind] = [...arrivals.handed[file.kind], file.file];
}

/** The files given to the screen of `kind`; each is taken once. */
export function takeHanded(kind: ArrivedKind): PickedFile[] {
  const files = arrivals.handed[kind];
  if (files.length > 0) arrivals.handed[kind] = [];
  return files;
}

/** The file asked about first is done with (acted on or set aside). */
export function settleAsked(): void {
  arrivals.asking = arrivals.asking.slice(1);
}

async function poll(): Promise<void> {
  let got: ArrivedFile[];
  try {
    got = await takeArrivals();
  } catch {
    return; // locked meanwhile, or a failed call: the next tick asks again
  }
  for (const a of got) {
    if (!a.opened && taking[a.kind] > 0) hand(a);
    else arrivals.asking = [...arrivals.asking, a];
  }
}

/** Takes arrivals while the caller is mounted (the open store's shell); returns the stop. */
export function followArrivals(): () => void {
  void poll();
  const timer = setInterval(() => void poll(), POLL_MS);
  return () => clearInterval(timer);
}
