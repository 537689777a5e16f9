// What the viewer page keeps in this browser (localStorage, shared by its tabs): who the viewer is in this rally (name,
// id, token), so a reload or a second tab is the same viewer, with its votes and whatever moderators decided about it; and the option each poll was voted for, since the server's poll
// snapshots do not say who voted what.

/** The viewer's identity in one rally, as the join API returned it. */
export interface ViewerIdentity { displayName: string; viewerId: string; viewerToken: string }

/** The storage the page uses: localStorage in the browser, a map in tests. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const identityKey = (rallyId: string) => `rallylive:viewer-identity:${rallyId}`;
const votesKey = (rallyId: string, viewerId: string) => `rallylive:viewer-votes:${rallyId}:${viewerId}`;

function readJson(store: KeyValueStore, key: string): unknown {
  try {
    return JSON.parse(store.getItem(key) ?? "null");
  } catch {
    return null;
  }
}

/** The viewer's remembered identity in this rally, or null (also when what was stored is not one). */
export function loadIdentity(store: KeyValueStore, rallyId: string): ViewerIdentity | null {
  const value = readJson(store, identityKey(rallyId)) as Partial<ViewerIdentity> | null;
  return value && typeof value.displayName === "string" && typeof value.viewerId === "string" && typeof value.viewerToken === "string"
    ? { displayName: value.displayName, viewerId: value.viewerId, viewerToken: value.viewerToken }
    : null;
}

export function saveIdentity(store: KeyValueStore, rallyId: string, identity: ViewerIdentity): void {
  store.setItem(identityKey(rallyId), JSON.stringify(identity));
}

export function forgetIdentity(store: KeyValueStore, rallyId: string): void {
  store.removeItem(identityKey(rallyId));
}

/** The option index each poll was voted for by this viewer. */
export function loadVotes(store: KeyValueStore, rallyId: string, viewerId: string): Record<string, number> {
  const value = readJson(store, votesKey(rallyId, viewerId));
  const votes: Record<string, number> = {};
  if (value && typeof value === "object") {
    for (const [pollId, index] of Object.entries(value as Record<string, unknown>)) {
      if (typeof index === "number" && Number.isInteger(index) && index >= 0) {
        votes[pollId] = index;
      }
    }
  }
  return votes;
}

export function saveVote(store: KeyValueStore, rallyId: string, viewerId: string, pollId: string, optionIndex: number): void {
  const votes = loadVotes(store, rallyId, viewerId);
  votes[pollId] = optionIndex;
  store.setItem(votesKey(rallyId, viewerId), JSON.stringify(votes));
}
