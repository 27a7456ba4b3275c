// What the whole UI shares about the back end: AppInfo (version, db path, counts).
// Loaded once at start and refreshed after anything that changes the counts.
import { appInfo, toIpcError, type AppInfo, type IpcError } from "./ipc";

export const session = $state<{ info: AppInfo | null; error: IpcError | null; loading: boolean }>({
  info: null,
  error: null,
  loading: false,
});

export async function refreshInfo(): Promise<AppInfo | null> {
  session.loading = true;
  try {
    session.info = await appInfo();
    session.error = null;
  } catch (e) {
    session.error = toIpcError(e, "app_info");
  } finally {
    session.loading = false;
  }
  return session.info;
}
