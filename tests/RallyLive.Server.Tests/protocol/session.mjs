// One scripted session against a running RallyLive server, with the official SignalR client.
// Usage: node session.mjs '<json: { baseUrl, organiserKey, viewers: [{ token }, { token }], streamId }>'
// Prints one JSON object with what each party saw; the xUnit test asserts on it.
import { connect as connectTo, within } from "./common.mjs";

const config = JSON.parse(process.argv[2]);

const connect = (path, token) => connectTo(config.baseUrl, path, token);

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

const bobSequences = [];
const seenByBob = (sequence) => bobSequences.push(sequence);
const bobSawBurst = new Promise((resolve) => bob.on("ReactionBurst", (sequence, frame) => { seenByBob(sequence); if (frame.reactions.cheer) resolve(frame); }));
const bobSawChat = new Promise((resolve) => bob.on("ChatMessage", (sequence, message) => { seenByBob(sequence); resolve(message); }));
const bobSawSpeaker = (name) => new Promise((resolve) => bob.on("RallyUpdated", (sequence, rally) => { seenByBob(sequence); if (rally.currentSpeaker === name) resolve(rally); }));
const organiserSawTallies = (total) => new Promise((resolve) => organiser.on("PollUpdated", (sequence, poll) => { if (poll.totalVotes === total) resolve(poll); }));
bob.on("PollUpdated", (sequence) => seenByBob(sequence));
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
result.joined = (await alice.invoke("JoinStream", { streamId: config.streamId, displayName: "Alice" })).stream.setup.streamId;
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

// Bob drops and comes back: his rejoin is his catch-up, never older than what he had.
await bob.stop();
result.bobSequencesIncrease = bobSequences.every((sequence, i) => i === 0 || sequence > bobSequences[i - 1]);
result.bobLastSequence = Math.max(...bobSequences);
const bobAgain = connect("/hubs/viewer", config.viewers[1].token);
bobAgain.on("ReactionBurst", () => {});
bobAgain.on("RallyUpdated", () => {});
bobAgain.on("PollUpdated", () => {});
bobAgain.on("ChatMessage", () => {});
await bobAgain.start();
const catchUp = await bobAgain.invoke("JoinStream", { streamId: config.streamId, displayName: "Bob" });
result.catchUp = {
  sequence: catchUp.sequence,
  speaker: catchUp.rally.currentSpeaker,
  chat: catchUp.stream.recentChat.map((message) => message.text),
  tallies: catchUp.polls[0].tallies,
};

await Promise.all([organiser.stop(), alice.stop(), bobAgain.stop()]);
console.log(JSON.stringify(result));
