// Helpers the protocol scripts share.
import * as signalR from "@microsoft/signalr";

/** Resolves as `promise` does, or rejects after `ms` milliseconds naming what was awaited: an upper bound on a wait, not a sleep. */
export const within = (ms, promise, what) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))]);

/** A hub connection with the official client, authenticated with `token`. */
export const connect = (baseUrl, path, token) => new signalR.HubConnectionBuilder()
  .withUrl(`${baseUrl}${path}`, token ? { accessTokenFactory: () => token } : {})
  .configureLogging(signalR.LogLevel.None)
  .build();
