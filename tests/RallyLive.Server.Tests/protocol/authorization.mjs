// Tries every hub with every role's token; prints which connections were admitted.
// Usage: node authorization.mjs '<json: { baseUrl, tokens: { none, viewer, moderator, organiser, otherOrganiser } }>'
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
      await connection.stop();
    } catch (error) {
      result[role][hub] = /401/.test(error.message) ? "401" : /403/.test(error.message) ? "403" : error.message;
    }
  }
}

console.log(JSON.stringify(result));
