// One scripted session against a running RallyLive server, with the official SignalR client.
// Usage: node session.mjs '<json: { baseUrl, organiserKey, viewers: [{ token }, { token }], streamId }>'
// Prints one JSON object with what each party saw; the xUnit test asserts on it.
import * as signalR from "@microsoft/signalr";

const config = JSON.parse(process.argv[2]);
const within = (ms, promise, what) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))]);

function connect(path, token) {
  return new signalR.HubConnectionBuilder()
    .withUrl(`${config.baseUrl}${path}`, { accessTokenFactory: () => token })
    .configureLogging(signalR.LogLevel.None)
    .build();
}

/** The message of a refused call, which starts with its stable code. */
async function refusal(call) {
  try {
    await call();
    return null;
  } catch (error) {
    return String(error.message).replace(/^An unexpected error occurred invoking '[^']+' on the server\. HubException: /, "");
  }
}

const result = {};
const organiser = connect("/hubs/organiser", config.organiserKey);
const [alice, bob] = config.viewers.map((viewer) => connect("/hubs/viewer", viewer.token));

const bobSawBurst = new Promise((resolve) => bob.on("ReactionBurst", (frame) => { if (frame.reactions.cheer) resolve(frame); }));
const bobSawChat = new Promise((resolve) => bob.on("ChatMessage", resolve));
const bobSawSpeaker = (name) => new Promise((resolve) => bob.on("RallyUpdated", (rally) => { if (rally.currentSpeaker === name) resolve(rally); }));
const organiserSawTallies = (total) => new Promise((resolve) => organiser.on("PollUpdated", (poll) => { if (poll.totalVotes === total) resolve(poll); }));
const secondSpeaker = bobSawSpeaker("Vanessa Chen");
const twoVotes = organiserSawTallies(2);
alice.on("ReactionBurst", () => {});
alice.on("RallyUpdated", () => {});
alice.on("PollUpdated", () => {});
alice.on("ChatMessage", () => {});
organiser.on("StreamFrame", () => {});
organiser.on("Sentiment", () => {});
organiser.on("Narrative", () => {});

await Promise.all([organiser.start(), alice.start(), bob.start()]);
result.live = (await organiser.invoke("GoLive")).status;
result.joined = (await alice.invoke("JoinStream", { streamId: config.streamId, displayName: "Alice" })).setup.streamId;
await bob.invoke("JoinStream", { streamId: config.streamId, displayName: "Bob" });

const poll = await organiser.invoke("CreatePoll", { question: "Should smile technology follow a public ethical standard?", options: ["Yes", "No"] });
await organiser.invoke("OpenPoll", { pollId: poll.pollId });
result.votes = [
  await alice.invoke("Vote", { pollId: poll.pollId, optionIndex: 0 }),
  await bob.invoke("Vote", { pollId: poll.pollId, optionIndex: 1 }),
  await bob.invoke("Vote", { pollId: poll.pollId, optionIndex: 0 }),
];
result.tallies = (await organiser.invoke("GetPoll", { pollId: poll.pollId })).tallies;
result.announcedTallies = (await within(5000, twoVotes, "announced tallies")).tallies;
await organiser.invoke("NextSegment");
result.speakerSeenByBob = (await within(5000, secondSpeaker, "the next speaker")).currentSpeaker;

await alice.invoke("React", { streamId: config.streamId, counts: { cheer: 3, clap: 1 } });
result.burst = (await within(5000, bobSawBurst, "a reaction burst")).reactions;
const sent = await alice.invoke("SendChat", { streamId: config.streamId, text: "<img src=x onerror=alert(1)> Vanessa for standards!" });
result.chatSent = sent.text;
result.chatSeenByBob = (await within(5000, bobSawChat, "a chat message")).text;

result.refusals = {
  voteOnUnknownPoll: await refusal(() => alice.invoke("Vote", { pollId: "poll99", optionIndex: 0 })),
  tooManyTaps: await refusal(() => alice.invoke("React", { streamId: config.streamId, counts: { cheer: 1000 } })),
  unknownStream: await refusal(() => alice.invoke("JoinStream", { streamId: "Backstage!", displayName: "Alice" })),
  unknownMethod: await refusal(() => alice.invoke("GoLive")),
};

const intruder = connect("/hubs/organiser", config.viewers[0].token);
result.viewerOnOrganiserHub = await refusal(() => intruder.start());

await Promise.all([organiser.stop(), alice.stop(), bob.stop()]);
console.log(JSON.stringify(result));
