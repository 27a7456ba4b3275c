// Reading what pdf.js drew in the window (the pages viewer of the Export and Kiểm phiếu
// screens), and what poppler says of the files written, for the end-to-end tests.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";

/**
 * What pdf.js drew on page `n` of the pages viewer `viewer`: the canvas's size and how many of
 * its pixels are ink (dark) and paper (white), read back from the canvas itself; null while the
 * page is not drawn.
 */
export const inkOn = (s, viewer, n) =>
  s.exec(
    `const c = document.querySelector(\`[data-testid="\${arguments[0]}"] canvas[data-page="\${arguments[1]}"][data-drawn="1"]\`);
     if (!c || c.width === 0) return null;
     const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
     let ink = 0, paper = 0;
     for (let i = 0; i < d.length; i += 4) {
       const v = (d[i] + d[i + 1] + d[i + 2]) / 3;
       if (d[i + 3] > 0 && v < 100) ink++;
       else if (d[i + 3] > 0 && v > 240) paper++;
     }
     return { width: c.width, height: c.height, ink, paper };`,
    [viewer, n],
  );

/** A window script for `until`: page `arguments[1]` of viewer `arguments[0]` is drawn. */
export const drawnPage = `return document.querySelector(
  \`[data-testid="\${arguments[0]}"] canvas[data-page="\${arguments[1]}"][data-drawn="1"]\`) !== null;`;

/** A window script for `until`: viewer `arguments[0]` has drawn its first page; answers its page count. */
export const viewerReady = `const v = document.querySelector(\`[data-testid="\${arguments[0]}"]\`);
  return v && v.dataset.state === "ready" ? Number(v.dataset.pages) : null;`;

/** The number of pages of a PDF file, as poppler's pdfinfo counts them. */
export function pdfPages(file) {
  const out = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  return Number(out.match(/^Pages:\s+(\d+)/m)[1]);
}

export const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
