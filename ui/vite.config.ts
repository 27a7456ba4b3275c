import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Tauri serves dist/ from its own asset protocol, so every URL must be relative,
// and the WebView is WebKitGTK on Linux: keep the output to what Safari 13 runs.
export default defineConfig({
  plugins: [svelte()],
  base: "./",
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    // The Help screen bundles the user guide and its pictures from ../docs.
    fs: { allow: [".."] },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari13",
    sourcemap: false,
    // pdf.js (the preview's renderer) is a chunk of its own of about 500 kB, loaded when a
    // preview is first shown; its worker is copied as it is.
    chunkSizeWarningLimit: 600,
  },
});
