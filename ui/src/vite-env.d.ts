/// <reference types="svelte" />
/// <reference types="vite/client" />

interface Window {
  /** performance.now() when the nomination list first became visible; read by the e2e timing test. */
  __xetkhenListVisibleAt?: number;
}
