// The UI's only door to the back end: types, typed commands and the error class.
export type * from "./bindings";
export * from "./commands";
export { call, IpcError, inTauri, onLocked, toIpcError } from "./call";
