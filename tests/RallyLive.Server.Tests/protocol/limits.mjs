// Rate limits and bans, with the official SignalR client.
// Usage: node limits.mjs '<json: { baseUrl, viewerToken, moderatorKey, viewerId, streamId }>'
import { connect as connectTo, within } from "./common.mjs";

const config = JSON.parse(process.argv[2]);
const connect = (path, token) => connectTo(config.baseUrl, path, token);

const result = { accepted: 0, refusedCodes: {} };
const viewer = connect("/hubs/viewer", config.viewerToken);
const moderator = connect("/hubs/moderator", config.moderatorKey);
viewer.on("ReactionBurst", () => {});
viewer.on("RallyUpdated", () => {});
moderator.on("ChatMessage", () => {});
await Promise.all([viewer.start(), moderator.start()]);
await viewer.invoke("JoinStream", { streamId: config.streamId, displayName: "Tapper" });

// A burst of reaction batches far above the per-connection limit.
for (let i = 0; i < 40; i++) {
  try {
    await viewer.invoke("React", { streamId: config.streamId, counts: { cheer: 2 } });
    result.accepted++;
  } catch (error) {
    const code = String(error.message).match(/HubException: (\w+):/)?.[1] ?? error.message;
    result.refusedCodes[code] = (result.refusedCodes[code] ?? 0) + 1;
  }
}

const closed = new Promise((resolve) => viewer.onclose(() => resolve(true)));
await moderator.invoke("Ban", { viewerId: config.viewerId, reason: "tap flood" });
result.closedAfterBan = await within(5000, closed, "the banned viewer's connection to close");

const again = connect("/hubs/viewer", config.viewerToken);
const closedAgain = new Promise((resolve) => again.onclose(() => resolve(true)));
try {
  await again.start();
  result.reconnectClosed = await within(5000, closedAgain, "the banned viewer's new connection to close");
} catch {
  result.reconnectClosed = true;
}

await moderator.stop();
console.log(JSON.stringify(result));
