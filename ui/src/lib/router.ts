// A hash router in a store: `#/rounds`, `#/rounds/<id>`, `#/rounds/<id>/tally`,
// `#/nominations/<id>`, `#/import`, `#/import/<roundId>`, `#/reviewer`, `#/export`,
// `#/export/<roundId>`, `#/verify`, `#/security` and `#/help`.
// Hash routing needs no server rewrites, which suits Tauri's asset protocol.
import { readable } from "svelte/store";

export type Route =
  | { name: "rounds" }
  | { name: "round"; id: string }
  | { name: "tally"; id: string }
  | { name: "nomination"; id: string }
  | { name: "import"; round: string | null }
  | { name: "reviewer" }
  | { name: "export"; round: string | null }
  | { name: "verify" }
  | { name: "security" }
  | { name: "help" }
  | { name: "not-found"; path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, "") || "/rounds";
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === "rounds")) {
    return { name: "rounds" };
  }
  if (parts.length === 2 && parts[0] === "rounds") return { name: "round", id: parts[1] };
  if (parts.length === 3 && parts[0] === "rounds" && parts[2] === "tally") {
    return { name: "tally", id: parts[1] };
  }
  if (parts.length === 2 && parts[0] === "nominations") return { name: "nomination", id: parts[1] };
  if (parts.length === 1 && parts[0] === "reviewer") return { name: "reviewer" };
  if (parts.length === 1 && parts[0] === "security") return { name: "security" };
  if (parts.length === 1 && parts[0] === "help") return { name: "help" };
  if (parts.length === 1 && parts[0] === "import") return { name: "import", round: null };
  if (parts.length === 2 && parts[0] === "import") return { name: "import", round: parts[1] };
  if (parts.length === 1 && parts[0] === "export") return { name: "export", round: null };
  if (parts.length === 2 && parts[0] === "export") return { name: "export", round: parts[1] };
  if (parts.length === 1 && parts[0] === "verify") return { name: "verify" };
  return { name: "not-found", path };
}

export const href = {
  rounds: (): string => "#/rounds",
  round: (id: string): string => `#/rounds/${encodeURIComponent(id)}`,
  /** The committee's count of a round: votes, packets, results. */
  tally: (id: string): string => `#/rounds/${encodeURIComponent(id)}/tally`,
  nomination: (id: string): string => `#/nominations/${encodeURIComponent(id)}`,
  reviewer: (): string => "#/reviewer",
  /** The export screen, on `roundId` when given. */
  export: (roundId?: string | null): string =>
    roundId ? `#/export/${encodeURIComponent(roundId)}` : "#/export",
  verify: (): string => "#/verify",
  security: (): string => "#/security",
  /** The user guide. */
  help: (): string => "#/help",
  /** The import wizard, into `roundId` when given (else the back end's default round). */
  import: (roundId?: string | null): string =>
    roundId ? `#/import/${encodeURIComponent(roundId)}` : "#/import",
};

export const route = readable<Route>(parseHash(window.location.hash), (set) => {
  const update = (): void => set(parseHash(window.location.hash));
  window.addEventListener("hashchange", update);
  update();
  return () => window.removeEventListener("hashchange", update);
});

export function navigate(to: string): void {
  if (window.location.hash === to) return;
  window.location.hash = to;
}
