// Flat config: JS + TypeScript + Svelte recommended rules, and one house rule:
// only src/lib/ipc/ may import @tauri-apps/* (the rest of the UI talks to the
// back end through the typed wrappers).
import { defineConfig } from "eslint/config";
import globals from "globals";
import js from "@eslint/js";
import ts from "typescript-eslint";
import svelte from "eslint-plugin-svelte";
import svelteConfig from "./svelte.config.js";

export default defineConfig(
  { ignores: ["dist/", "node_modules/"] },
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: {
      parserOptions: { extraFileExtensions: [".svelte"] },
      globals: { ...globals.browser },
    },
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts", "**/*.svelte.js"],
    languageOptions: {
      parserOptions: {
        projectService: true,
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    files: ["vite.config.ts", "svelte.config.js", "eslint.config.js"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@tauri-apps/*"],
              message: "Only src/lib/ipc/ may import @tauri-apps; import from src/lib/ipc instead.",
            },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/lib/ipc/**"],
    rules: { "no-restricted-imports": "off" },
  },
);
