// Bad frames over raw WebSockets next to a well-behaved SignalR client.
// Usage: node malformed.mjs '<json: { baseUrl, rawToken, goodToken, streamId }>'
import { connect as connectTo, within } from "./common.mjs";
import WebSocket from "ws";

const config = JSON.parse(process.argv[2]);
const separator = "\u001e";

const rawUrl = () => `${config.baseUrl.replace(/^http/, "ws")}/hubs/viewer?access_token=${encodeURIComponent(config.rawToken)}`;

/** Opens a raw WebSocket to the viewer hub, completes the SignalR handshake, sends one frame, and resolves when the server closes it. */
function sendRaw(frame) {
  const socket = new WebSocket(rawUrl());
  return new Promise((resolve, reject) => {
    let handshakeDone = false;
    socket.on("open", () => socket.send(JSON.stringify({ protocol: "json", version: 1 }) + separator));
    socket.on("message", () => {
      if (!handshakeDone) {
        handshakeDone = true;
        socket.send(frame, { binary: false });
      }
    });
    socket.on("close", () => resolve(handshakeDone));
    socket.on("error", reject);
  });
}

/** Opens a raw WebSocket and never sends the handshake; resolves when the server gives up on it. */
function silent() {
  const socket = new WebSocket(rawUrl());
  return new Promise((resolve, reject) => {
    socket.on("close", () => resolve(true));
    socket.on("error", reject);
  });
}

const good = connectTo(config.baseUrl, "/hubs/viewer", config.goodToken);
good.on("ReactionBurst", () => {});
good.on("RallyUpdated", () => {});
await good.start();
await good.invoke("JoinStream", { streamId: config.streamId, displayName: "Steady" });

const result = {};
result.malformedClosed = await within(5000, sendRaw(`{"type":1,"target":"React","arguments":[{` + separator), "the malformed connection to close");
result.oversizedClosed = await within(5000, sendRaw(JSON.stringify({ type: 1, target: "SendChat", arguments: [{ streamId: config.streamId, text: "x".repeat(20000) }] }) + separator), "the oversized connection to close");
// A text frame whose bytes are not UTF-8 (0xC3 0x28 is an invalid sequence).
result.invalidUtf8Closed = await within(5000, sendRaw(Buffer.concat([Buffer.from('{"type":1,"target":"SendChat","arguments":[{"streamId":"stage","text":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]}' + separator)])), "the invalid UTF-8 connection to close");
result.silentClosed = await within(15000, silent(), "the silent connection to be closed");
try {
  await good.invoke("React", 42);
  result.wrongTypes = "accepted";
} catch (error) {
  result.wrongTypes = "refused";
}
result.goodStillWorks = (await good.invoke("React", { streamId: config.streamId, counts: { cheer: 1 } })).accepted;
result.goodState = good.state;
await good.stop();
console.log(JSON.stringify(result));
