// A moderator's open console when the organiser revokes their key.
// Usage: node revoke.mjs '<json: { baseUrl, rallyId, organiserKey, moderatorId, moderatorKey }>'
import { connect as connectTo, within } from "./common.mjs";

const config = JSON.parse(process.argv[2]);
const connect = () => connectTo(config.baseUrl, "/hubs/moderator", config.moderatorKey);

const result = {};
const moderator = connect();
moderator.on("ChatMessage", () => {});
await moderator.start();
result.consoleBefore = (await moderator.invoke("GetConsole")).moderation.policy !== undefined;

const closed = new Promise((resolve) => moderator.onclose(() => resolve(true)));
const revoked = await fetch(`${config.baseUrl}/api/rallies/${config.rallyId}/moderators/${config.moderatorId}`, {
  method: "DELETE", headers: { authorization: `Bearer ${config.organiserKey}` },
});
result.revokeStatus = revoked.status;
result.closedOnRevoke = await within(5000, closed, "the revoked moderator's console to close");

const again = connect();
const closedAgain = new Promise((resolve) => again.onclose(() => resolve(true)));
try {
  await again.start();
  result.reconnectClosed = await within(5000, closedAgain, "the revoked moderator's new connection to close");
} catch {
  result.reconnectClosed = true;
}

console.log(JSON.stringify(result));
