// Tries every hub with every role's token; prints which connections were admitted.
// Usage: node authorization.mjs '<json: { baseUrl, viewerId, tokens: { none, viewer, moderator, organiser, otherOrganiser } }>'
import { connect } from "./common.mjs";

const config = JSON.parse(process.argv[2]);
const hubs = ["/hubs/viewer", "/hubs/moderator", "/hubs/organiser"];
const result = {};

for (const [role, token] of Object.entries(config.tokens)) {
  result[role] = {};
  for (const hub of hubs) {
    const connection = connect(config.baseUrl, hub, token);
    try {
      await connection.start();
      result[role][hub] = "allowed";
      if (hub === "/hubs/organiser") {
        result[role].organiserSeesRally = (await connection.invoke("GetRally")).rallyId;
      }
      if (hub === "/hubs/moderator") {
        result[role].moderatorSeesViewer = (await connection.invoke("GetViewerHistory", { viewerId: config.viewerId })).viewerId;
      }
      await connection.stop();
    } catch (error) {
      // The client's message ends with "Status code 'NNN'"; the problem body before it holds a random trace id,
      // which may itself contain "401", so only the status code is read.
      result[role][hub] = /Status code '(\d{3})'/.exec(error.message)?.[1] ?? error.message;
    }
  }
}

console.log(JSON.stringify(result));
