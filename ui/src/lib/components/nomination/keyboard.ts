// The keys of the nomination page. On the page itself: PageDown/PageUp (or Alt+→/←) move
// through the queue, Ctrl+Z undoes, ↑/↓ move between the rubric items, 1/2/3 give a verdict and
// 0 or Delete clears it, D/K/B vote, N goes to the note and S to the score. In a field, Enter
// (Ctrl+Enter in the note) or Escape saves it and goes back to the items.
import { VERDICTS } from "../../i18n/labels";
import type { Verdict, Vote } from "../../ipc";

export type PageAction =
  | { kind: "step"; by: 1 | -1 }
  | { kind: "undo" }
  | { kind: "move"; by: 1 | -1 }
  | { kind: "verdict"; verdict: Verdict | null }
  | { kind: "vote"; vote: Vote }
  | { kind: "note" }
  | { kind: "score" };

/** Whether a key went to a field being typed in rather than to the page. */
export function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/** What a key pressed on the page asks for, or null when it is not one of the page's keys. */
export function pageAction(event: KeyboardEvent): PageAction | null {
  if (event.key === "PageDown" || (event.altKey && event.key === "ArrowRight")) return { kind: "step", by: 1 };
  if (event.key === "PageUp" || (event.altKey && event.key === "ArrowLeft")) return { kind: "step", by: -1 };
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z" && !typing(event.target)) {
    return { kind: "undo" };
  }
  if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return null;
  switch (event.key) {
    case "ArrowDown":
      return { kind: "move", by: 1 };
    case "ArrowUp":
      return { kind: "move", by: -1 };
    case "1":
    case "2":
    case "3":
      return { kind: "verdict", verdict: VERDICTS[Number(event.key) - 1] };
    case "0":
    case "Delete":
      return { kind: "verdict", verdict: null };
    case "d":
    case "D":
      return { kind: "vote", vote: "approve" };
    case "k":
    case "K":
      return { kind: "vote", vote: "reject" };
    case "b":
    case "B":
      return { kind: "vote", vote: "abstain" };
    case "n":
    case "N":
      return { kind: "note" };
    case "s":
    case "S":
      return { kind: "score" };
  }
  return null;
}

/** Enter or Escape in a one-line field: save it, then back to the items. */
export function fieldKey(event: KeyboardEvent, save: () => Promise<void>, back: () => void): void {
  if (event.key === "Enter" || event.key === "Escape") {
    event.preventDefault();
    void save().then(back);
  }
}

/** Ctrl+Enter or Escape in the note (Enter alone is a new line): save it, then back to the items. */
export function noteKey(event: KeyboardEvent, save: () => Promise<void>, back: () => void): void {
  if ((event.key === "Enter" && (event.ctrlKey || event.metaKey)) || event.key === "Escape") {
    event.preventDefault();
    void save().then(back);
  }
}

/** Enter in a reason saves it and moves to the next item; Escape gives up what was typed. */
export function reasonKey(event: KeyboardEvent, save: () => void, cancel: () => void): void {
  if (event.key === "Enter") {
    event.preventDefault();
    save();
  } else if (event.key === "Escape") {
    event.preventDefault();
    cancel();
  }
}
