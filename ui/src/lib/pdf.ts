// pdf.js, the one PDF renderer of the window: it draws a draft's pages from the bytes the back
// end hands over by the draft's token, the very bytes that are then signed. Loaded on demand
// (its own chunk), with its worker bundled by Vite and served from the app itself: nothing is
// fetched from anywhere else. The legacy build carries its own polyfills, so that WebKitGTK
// (Debian 12) and WebView2 run the same code.
import {
  AnnotationMode,
  getDocument,
  GlobalWorkerOptions,
  type PDFDocumentProxy,
} from "pdfjs-dist/legacy/build/pdf.mjs";
import workerUrl from "pdfjs-dist/legacy/build/pdf.worker.min.mjs?url";

GlobalWorkerOptions.workerSrc = workerUrl;
// One worker for every document, made here from the app's own file. Left to itself, pdf.js
// finds the app's origin ("tauri://localhost" is an opaque origin to it) unlike the worker's
// and would wrap the worker in a blob: URL, which the CSP does not allow.
try {
  GlobalWorkerOptions.workerPort = new Worker(workerUrl, { type: "module" });
} catch {
  // No module workers here: pdf.js then runs its worker code on the page itself (workerSrc).
}

export type { PDFDocumentProxy };

/** Opens a PDF held in memory. */
export function openPdf(bytes: Uint8Array): { promise: Promise<PDFDocumentProxy>; cancel: () => void } {
  const task = getDocument({
    data: bytes,
    // The CSP has no 'unsafe-eval': glyphs are drawn without compiled functions.
    isEvalSupported: false,
    // No WebAssembly (the CSP has no 'wasm-unsafe-eval'); our documents hold no JPEG 2000.
    useWasm: false,
    // Our documents embed their fonts; nothing else is looked up.
    useSystemFonts: false,
    enableXfa: false,
    // Everything is in memory: no range requests.
    disableAutoFetch: true,
    disableStream: true,
  });
  return {
    promise: task.promise,
    cancel: () => void task.destroy(),
  };
}

/**
 * Draws page `n` on `canvas`, `cssWidth` pixels wide on screen (sharper on a high-density
 * screen). Answers the page's height over its width.
 */
export async function drawPage(
  doc: PDFDocumentProxy,
  n: number,
  canvas: HTMLCanvasElement,
  cssWidth: number,
): Promise<number> {
  const page = await doc.getPage(n);
  try {
    const natural = page.getViewport({ scale: 1 });
    const density = Math.min(2, window.devicePixelRatio || 1);
    const viewport = page.getViewport({ scale: (cssWidth / natural.width) * density });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / density)}px`;
    canvas.style.height = `${Math.floor(viewport.height / density)}px`;
    // Signature fields' appearances are part of what is shown.
    await page.render({ canvas, viewport, annotationMode: AnnotationMode.ENABLE }).promise;
    return natural.height / natural.width;
  } finally {
    page.cleanup();
  }
}

/** The height over the width of page `n`. */
export async function pageRatio(doc: PDFDocumentProxy, n: number): Promise<number> {
  const page = await doc.getPage(n);
  const v = page.getViewport({ scale: 1 });
  return v.height / v.width;
}
