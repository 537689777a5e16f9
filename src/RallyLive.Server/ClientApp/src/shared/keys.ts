// Keys (tokens) arrive in the URL fragment, `/rallies/{id}/control#key=...`, which browsers never send to a server.
// A page takes the key from the fragment, keeps it in sessionStorage for that rally and role (so a reload still
// works, and closing the tab forgets it), and removes the fragment from the address bar.
import type { Role } from "./types.js";

/** The `key` of a fragment such as `#key=abc`, or null. */
export function keyFromFragment(fragment: string): string | null {
  const params = new URLSearchParams(fragment.startsWith("#") ? fragment.slice(1) : fragment);
  const key = params.get("key");
  return key && key.trim() ? key.trim() : null;
}

const storageName = (rallyId: string, role: Role) => `rallylive:${role}:${rallyId}`;

/**
 * The page's key for this rally and role: from the fragment (stored, and the fragment removed from the address bar),
 * else the one stored earlier in this tab, else null.
 */
export function takeKey(rallyId: string, role: Role): string | null {
  const fromFragment = keyFromFragment(location.hash);
  if (fromFragment) {
    storeKey(rallyId, role, fromFragment);
    history.replaceState(history.state, "", location.pathname + location.search);
    return fromFragment;
  }
  return sessionStorage.getItem(storageName(rallyId, role));
}

/** Remembers a key for this tab. */
export function storeKey(rallyId: string, role: Role, key: string): void {
  sessionStorage.setItem(storageName(rallyId, role), key);
}

/** Forgets a key (when the server refused it). */
export function forgetKey(rallyId: string, role: Role): void {
  sessionStorage.removeItem(storageName(rallyId, role));
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
