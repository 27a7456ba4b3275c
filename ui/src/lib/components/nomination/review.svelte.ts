// The nomination on screen as the back end last answered it, and the committee member's
// working copy of their review: the texts being typed, what Ctrl+Z goes back to, and the saves,
// run one after another so keys pressed quickly never overwrite each other.
import {
  attachEvidence,
  saveReview,
  toIpcError,
  type IpcError,
  type NominationDetail,
  type Review,
} from "../../ipc";

function emptyReview(): Review {
  return {
    nomination_hash: "",
    items: {},
    score: null,
    vote: null,
    proposed_award: null,
    proposed_reason: null,
    note: null,
    tags: [],
    attachments: [],
  };
}

function clone(r: Review): Review {
  return JSON.parse(JSON.stringify(r)) as Review;
}

type Texts = {
  reasons: Record<string, string>;
  itemNotes: Record<string, string>;
  note: string;
  score: string;
  proposedReason: string;
};

export class NominationReview {
  detail = $state.raw<NominationDetail | null>(null);
  error = $state<IpcError | null>(null);
  draft = $state<Review>(emptyReview());
  undoStack = $state.raw<Review[]>([]);
  saving = $state(false);
  savedOnce = $state(false);
  // Texts being typed, saved on Enter or when the field is left.
  reasons = $state<Record<string, string>>({});
  itemNotes = $state<Record<string, string>>({});
  note = $state("");
  score = $state("");
  proposedReason = $state("");

  canReview = $derived(this.detail !== null && this.detail.reviewer !== null && this.detail.conflict === null);

  /** The texts as last saved, to tell a field being typed in from one showing stored text. */
  #savedTexts: Texts = { reasons: {}, itemNotes: {}, note: "", score: "", proposedReason: "" };
  #chain: Promise<unknown> = Promise.resolve();

  /**
   * Takes what the back end answered as the new truth. A text field is refreshed only when it
   * still shows what was saved before: what the member is typing elsewhere is never lost.
   */
  show(d: NominationDetail): void {
    const fresh = this.detail === null || this.detail.id !== d.id;
    this.detail = d;
    this.draft = clone(d.review ?? emptyReview());
    const next: Texts = {
      reasons: Object.fromEntries(d.items.map((i) => [i.code, i.reason ?? ""])),
      itemNotes: Object.fromEntries(d.items.map((i) => [i.code, i.note ?? ""])),
      note: this.draft.note ?? "",
      score: this.draft.score === null ? "" : String(this.draft.score).replace(".", ","),
      proposedReason: this.draft.proposed_reason ?? "",
    };
    const was = this.#savedTexts;
    const keep = (now: string | undefined, before: string | undefined): boolean =>
      !fresh && now !== undefined && now !== (before ?? "");
    const merged = (now: Record<string, string>, before: Record<string, string>, want: Record<string, string>) =>
      Object.fromEntries(Object.keys(want).map((k) => [k, keep(now[k], before[k]) ? now[k] : want[k]]));
    this.reasons = merged(this.reasons, was.reasons, next.reasons);
    this.itemNotes = merged(this.itemNotes, was.itemNotes, next.itemNotes);
    if (!keep(this.note, was.note)) this.note = next.note;
    if (!keep(this.score, was.score)) this.score = next.score;
    if (!keep(this.proposedReason, was.proposedReason)) this.proposedReason = next.proposedReason;
    this.#savedTexts = next;
  }

  #enqueue(run: () => Promise<boolean>): Promise<boolean> {
    const p = this.#chain.then(run);
    this.#chain = p.catch(() => false);
    return p;
  }

  async #send(next: Review, before: Review, undoable: boolean): Promise<boolean> {
    if (!this.detail) return false;
    this.saving = true;
    try {
      const d = await saveReview({ nomination: this.detail.id, review: next });
      if (undoable) this.undoStack = [...this.undoStack, before];
      this.show(d);
      this.error = null;
      this.savedOnce = true;
      return true;
    } catch (e) {
      this.error = toIpcError(e, "save_review");
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** Applies `change` to the member's review as it stands when its turn comes, and saves it. */
  commit(change: (r: Review) => void): Promise<boolean> {
    return this.#enqueue(async () => {
      const before = clone(this.draft);
      const next = clone(this.draft);
      change(next);
      if (JSON.stringify(next) === JSON.stringify(before)) return true;
      return this.#send(next, before, true);
    });
  }

  undo(): Promise<boolean> {
    return this.#enqueue(async () => {
      const previous = this.undoStack[this.undoStack.length - 1];
      if (!previous) return false;
      const ok = await this.#send(previous, clone(this.draft), false);
      if (ok) this.undoStack = this.undoStack.slice(0, -1);
      return ok;
    });
  }

  async saveField(patch: Partial<Review>): Promise<void> {
    if (!this.canReview) return;
    await this.commit((next) => Object.assign(next, patch));
  }

  /** Asks the back end to pick a file and attach it; undone like any other change. */
  attach(): Promise<boolean> {
    return this.#enqueue(async () => {
      if (!this.detail || !this.canReview) return false;
      const before = clone(this.draft);
      try {
        const d = await attachEvidence(this.detail.id);
        if (d) {
          this.undoStack = [...this.undoStack, before];
          this.show(d);
        }
        this.error = null;
        return true;
      } catch (e) {
        this.error = toIpcError(e, "attach_evidence");
        return false;
      }
    });
  }
}
