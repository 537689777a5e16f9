// Keys (tokens) arrive in the URL fragment, `/rallies/{id}/control#key=...`, which browsers never send to a server.
// A page takes the key from the fragment, removes the fragment from the address bar, and keeps the key in this
// browser's localStorage for that rally and role: the organiser stays signed in to their rally on this device (a new
// tab, a restarted browser, the landing page's "your rallies"), until they sign out here or the server refuses the key.
import type { Role } from "./types.js";

/** The `key` of a fragment such as `#key=abc`, or null. */
export function keyFromFragment(fragment: string): string | null {
  const params = new URLSearchParams(fragment.startsWith("#") ? fragment.slice(1) : fragment);
  const key = params.get("key");
  return key && key.trim() ? key.trim() : null;
}

const prefix = "rallylive:";
const storageName = (rallyId: string, role: Role) => `${prefix}${role}:${rallyId}`;

/** Where keys are kept; a browser that refuses storage (private modes) still works for the page's lifetime. */
function store(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * The page's key for this rally and role: from the fragment (stored, and the fragment removed from the address bar),
 * else the one stored earlier on this device, else null.
 */
export function takeKey(rallyId: string, role: Role): string | null {
  const fromFragment = keyFromFragment(location.hash);
  if (fromFragment) {
    storeKey(rallyId, role, fromFragment);
    history.replaceState(history.state, "", location.pathname + location.search);
    return fromFragment;
  }
  return storedKey(rallyId, role);
}

/** The key kept on this device for a rally and role, or null. */
export function storedKey(rallyId: string, role: Role): string | null {
  return store()?.getItem(storageName(rallyId, role)) ?? null;
}

/** Remembers a key on this device. */
export function storeKey(rallyId: string, role: Role, key: string): void {
  try {
    store()?.setItem(storageName(rallyId, role), key);
  } catch {
    // Storage full or refused: the page keeps working with the key it holds; a reload will need the link again.
  }
}

/** Forgets a key (when the server refused it, or the person signs out on this device). */
export function forgetKey(rallyId: string, role: Role): void {
  store()?.removeItem(storageName(rallyId, role));
}

/** The rallies this device holds a key for in `role`, from a storage's names (pure, for tests). */
export function ralliesWithKeys(names: Iterable<string>, role: Role): string[] {
  const start = `${prefix}${role}:`;
  return [...names].filter(name => name.startsWith(start)).map(name => name.slice(start.length))
    .filter(id => /^[a-z0-9-]{1,40}$/.test(id)).sort();
}

/** The rallies this browser is signed in to as `role`. */
export function signedInRallies(role: Role): string[] {
  const storage = store();
  if (!storage) {
    return [];
  }
  const names: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const name = storage.key(i);
    if (name) {
      names.push(name);
    }
  }
  return ralliesWithKeys(names, role);
}

/** A link that carries a key in its fragment: `linkWithKey("/rallies/r-1/moderate", key)`. */
export function linkWithKey(path: string, key: string): string {
  return `${path}#key=${encodeURIComponent(key)}`;
}

/** The rally id of a page path `/rallies/{id}/...`, or null. */
export function rallyIdFromPath(path: string): string | null {
  const match = /^\/rallies\/([a-z0-9-]{1,40})(?:\/|$)/.exec(path);
  return match ? match[1]! : null;
}
