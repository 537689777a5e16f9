// Viewers for the browser tests, as a phone in the crowd would be: joined through the HTTP API and connected to the
// viewer hub with the official SignalR client.
import * as signalR from "@microsoft/signalr";

/** A viewer of `streamId` named `displayName`, connected and joined (JoinStream called). */
export const joinViewer = async (baseUrl, rallyId, streamId, displayName) => {
  const response = await fetch(`${baseUrl}/api/rallies/${rallyId}/streams/${streamId}/viewers`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ displayName }),
  });
  if (!response.ok) {
    throw new Error(`joining ${streamId} as ${displayName}: ${response.status} ${await response.text()}`);
  }
  const joined = await response.json();
  const hub = new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}/hubs/viewer`, { accessTokenFactory: () => joined.viewerToken })
    .configureLogging(signalR.LogLevel.None)
    .build();
  await hub.start();
  await hub.invoke("JoinStream", { streamId, displayName });
  return {
    viewerId: joined.viewerId,
    react: counts => hub.invoke("React", { streamId, counts }),
    vote: (pollId, optionIndex) => hub.invoke("Vote", { pollId, optionIndex }),
    chat: text => hub.invoke("SendChat", { streamId, text }),
    stop: () => hub.stop(),
  };
};

/** A moderator's connection to the moderator hub, with the key from the console link (…/moderate#key=…). */
export const connectModerator = async (baseUrl, consoleLink) => {
  const key = decodeURIComponent(new URL(consoleLink, baseUrl).hash.replace(/^#key=/, ""));
  const hub = new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}/hubs/moderator`, { accessTokenFactory: () => key })
    .configureLogging(signalR.LogLevel.None)
    .build();
  await hub.start();
  return {
    setChatModes: modes => hub.invoke("SetChatModes", modes),
    stop: () => hub.stop(),
  };
};

/** The organiser's connection to the organiser hub with the organiser key: `invoke(method, request?)`. */
export const connectOrganiser = async (baseUrl, key) => {
  const hub = new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}/hubs/organiser`, { accessTokenFactory: () => key })
    .configureLogging(signalR.LogLevel.None)
    .build();
  await hub.start();
  return {
    invoke: (method, request) => (request === undefined ? hub.invoke(method) : hub.invoke(method, request)),
    stop: () => hub.stop(),
  };
};
