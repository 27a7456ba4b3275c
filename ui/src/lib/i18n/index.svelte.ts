// The message catalogue: `t(key, params)` looks a key up in the current language and
// fills `{name}` placeholders; `say(message)` does the same for a report of the back end
// ({code, params}: a packet refused, a row left out), from messages.vi.ts (generated from the
// Rust templates) and messages.en.ts. The language is reactive state, so every template that
// calls `t` or `say` re-renders when the header's VI/EN switch changes it.
import { vi, type MessageKey } from "./vi";
import { en } from "./en";
import { messagesVi } from "./messages.vi";
import { messagesEn } from "./messages.en";
import type { Message, MessageCode } from "../ipc/bindings";

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

function fill(text: string, params: Partial<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function t(key: MessageKey, params?: Params): string {
  const text = CATALOGUES[state.lang][key] ?? vi[key] ?? key;
  return params ? fill(text, params) : text;
}

const MESSAGES: Record<Lang, Record<MessageCode, string>> = { vi: messagesVi, en: messagesEn };

/** A report of the back end in the current language: its code's wording with its params. */
export function say(message: Message): string {
  const template = MESSAGES[state.lang][message.code];
  return template === undefined ? message.text : fill(template, message.params);
}

/** True when `key` is in the catalogue: lets callers build keys from back-end enums safely. */
export function hasKey(key: string): key is MessageKey {
  return key in vi;
}
