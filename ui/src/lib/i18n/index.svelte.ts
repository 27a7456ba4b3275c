// The message catalogue: `t(key, params)` looks a key up in the current language and
// fills `{name}` placeholders. The language is reactive state, so every template that
// calls `t` re-renders when the header's VI/EN switch changes it.
import { vi, type MessageKey } from "./vi";
import { en } from "./en";

export type { MessageKey };
export type Lang = "vi" | "en";

const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { vi, en };
const STORAGE_KEY = "xetkhen.lang";

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === "vi" || saved === "en") return saved;
  } catch {
    // Storage can be unavailable (private mode); Vietnamese is the default anyway.
  }
  return "vi";
}

const state = $state<{ lang: Lang }>({ lang: initialLang() });

export function currentLang(): Lang {
  return state.lang;
}

export function setLang(lang: Lang): void {
  state.lang = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisted; the choice still holds for this session.
  }
}

export type Params = Record<string, string | number>;

export function t(key: MessageKey, params?: Params): string {
  const text = CATALOGUES[state.lang][key] ?? vi[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** True when `key` is in the catalogue: lets callers build keys from back-end enums safely. */
export function hasKey(key: string): key is MessageKey {
  return key in vi;
}
