/// <reference types="svelte" />
/// <reference types="vite/client" />

interface Window {
  /** performance.now() when the nomination list first became visible; read by the e2e timing test. */
  __xetkhenListVisibleAt?: number;
  /** performance.now() when the member asked for the next nomination; read by the e2e timing test. */
  __xetkhenNextStartedAt?: number;
  /** Milliseconds from "next" to the nomination fully shown, one per move; read by the e2e test. */
  __xetkhenNextTimes?: number[];
}
