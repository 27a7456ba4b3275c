// A long operation of the back end (an import, an export) followed from the window: the job's
// token is taken first, the operation runs with it, and its status is polled until it ends.
// The progress shown is what the operation itself reports; a cancel is asked of the back end,
// which answers whether it came in time.
import { beginJob, cancelJob, jobStatus, type JobStatus, type JobToken } from "./ipc";

const POLL_MS = 80;

export class JobRun {
  status = $state.raw<JobStatus | null>(null);
  token = $state<JobToken | null>(null);
  /** The user asked to cancel and the back end accepted: it stops at its next step. */
  cancelling = $state(false);
  /** The user asked to cancel after the operation had committed. */
  tooLate = $state(false);

  async run<T>(work: (job: JobToken) => Promise<T>): Promise<T> {
    const token = await beginJob();
    this.token = token;
    this.status = null;
    this.cancelling = false;
    this.tooLate = false;
    let finished = false;
    const poll = async (): Promise<void> => {
      while (!finished) {
        try {
          const s = await jobStatus(token);
          if (!finished) this.status = s;
        } catch {
          // The job is gone: the operation has ended, and its own answer says how.
          return;
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    void poll();
    try {
      return await work(token);
    } finally {
      finished = true;
      this.token = null;
    }
  }

  async cancel(): Promise<void> {
    const token = this.token;
    if (!token) return;
    const outcome = await cancelJob(token);
    if (outcome === "too-late") this.tooLate = true;
    else this.cancelling = true;
  }
}
