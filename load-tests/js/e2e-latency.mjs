// A few official @microsoft/signalr clients watching one stream beside the load generator's viewers. The first
// client reacts once a second with its own kind (scheduled times, so a late timer shows as latency); every client
// records when that reaction comes back in a frame. Prints { count, p50, p99, max } in milliseconds.
// Usage: node e2e-latency.mjs '{"urls":["ws://…/hubs/viewer?access_token=…"],"streamId":"stage","kind":"wow","seconds":15}'
import * as signalR from "@microsoft/signalr";

const { urls, streamId, kind, seconds } = JSON.parse(process.argv[2]);
const probes = [];           // scheduled send times, in order
const latencies = [];

const connect = async url => {
  const parsed = new URL(url.replace(/^ws/, "http"));
  const token = parsed.searchParams.get("access_token") ?? "";
  parsed.searchParams.delete("access_token");
  const hub = new signalR.HubConnectionBuilder()
    .withUrl(parsed.toString(), { accessTokenFactory: () => token, skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
    .configureLogging(signalR.LogLevel.None)
    .build();
  let matched = 0;
  hub.on("ReactionBurst", (_sequence, frame) => {
    const now = performance.now();
    for (let i = 0; i < (frame.reactions?.[kind] ?? 0); i++) {
      const scheduled = probes[matched++];
      if (scheduled !== undefined) latencies.push(now - scheduled);
    }
  });
  await hub.start();
  await hub.invoke("JoinStream", { streamId, displayName: "node client" });
  return hub;
};

const hubs = await Promise.all(urls.map(connect));
const start = performance.now() + 500;
for (let k = 0; k < seconds; k++) {
  const due = start + k * 1000;
  await new Promise(resolve => setTimeout(resolve, Math.max(0, due - performance.now())));
  probes.push(due);
  hubs[0].invoke("React", { streamId, counts: { [kind]: 1 } }).catch(() => probes.pop());
}
await new Promise(resolve => setTimeout(resolve, 3000));
await Promise.all(hubs.map(hub => hub.stop()));

latencies.sort((a, b) => a - b);
const at = p => latencies.length === 0 ? 0 : latencies[Math.min(latencies.length - 1, Math.ceil(p / 100 * latencies.length) - 1)];
const round = x => Math.round(x * 10) / 10;
console.log(JSON.stringify({ count: latencies.length, p50: round(at(50)), p99: round(at(99)), max: round(latencies.at(-1) ?? 0) }));
process.exit(0);
