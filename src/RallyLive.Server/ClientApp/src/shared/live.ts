// A live hub connection (docs/protocol.md, "Hubs"): the role's key as access token, automatic reconnects with
// back-off (1 s doubling to 30 s, with jitter, never giving up while the page is open), and on every (re)connect the
// hub's catch-up call. Messages carry the rally's sequence number first: those at or below what was applied are
// dropped, and those arriving during a catch-up wait until its snapshot is applied.
import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { ApiError, hubErrorToError } from "./api.js";

/** Where the connection is: `live` only once the catch-up snapshot is applied. */
export type LiveState = "connecting" | "live" | "reconnecting" | "offline";

/** The delay before reconnect attempt `attempt` (0-based): 1 s doubling to 30 s, each within ±20 % jitter, at most 30 s. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 15));
  return Math.min(30_000, Math.round(base * (0.8 + 0.4 * random())));
}

/**
 * Orders a hub's messages by the rally's sequence numbers: during a catch-up they are held; once its snapshot is
 * applied, those numbered at or below the snapshot's sequence are dropped and the rest delivered; afterwards each
 * message is delivered only if its number is above the last applied one. A snapshot's sequence replaces the last one
 * even when lower (numbers restart when the server restarts).
 */
export class SequenceGate {
  private applied = 0;
  private held: { sequence: number; deliver: () => void }[] | null = null;
  /** Messages dropped as already covered, for tests and diagnostics. */
  dropped = 0;

  get lastApplied(): number {
    return this.applied;
  }

  /** A catch-up has been asked for: hold messages until settle(). */
  hold(): void {
    this.held = [];
  }

  /** A message arrived: delivers it now, holds it, or drops it. */
  offer(sequence: number, deliver: () => void): void {
    if (this.held) {
      this.held.push({ sequence, deliver });
    } else if (sequence > this.applied) {
      this.applied = sequence;
      deliver();
    } else {
      this.dropped++;
    }
  }

  /** The snapshot of `sequence` is applied: deliver the held messages it does not cover, in order of arrival. */
  settle(sequence: number): void {
    const held = this.held ?? [];
    this.held = null;
    this.applied = sequence;
    for (const message of held) {
      this.offer(message.sequence, message.deliver);
    }
  }

  /** The catch-up failed: forget what was held (the next catch-up covers it). */
  abandon(): void {
    this.held = null;
  }
}

export interface LiveOptions<Snapshot extends { sequence: number }> {
  /** The hub's path: `/hubs/organiser`, `/hubs/moderator` or `/hubs/viewer`. */
  url: string;
  /** The role's key, read at each (re)connect. */
  key: () => string;
  /** The hub method that returns the state as of a sequence: `CatchUp`, `GetConsole`, `JoinStream`. */
  catchUpMethod: string;
  /** Its request, if it takes one (`JoinStream` takes `{ streamId, displayName }`). */
  catchUpRequest?: () => unknown;
  /** Applies the snapshot to the page; called after every (re)connect, before the messages it does not cover. */
  onCatchUp: (snapshot: Snapshot) => void;
}

/**
 * One hub connection of a page. Register handlers with on() before start(); read `state` or subscribe with
 * onState(); call hub methods with invoke() (a refusal rejects with an ApiError carrying the protocol's code).
 */
export class Live<Messages extends object, Snapshot extends { sequence: number } = { sequence: number }> {
  private readonly connection: HubConnection;
  private readonly gate = new SequenceGate();
  private readonly listeners = new Set<(state: LiveState) => void>();
  private currentState: LiveState = "connecting";
  private attempt = 0;
  private closedByPage = false;
  private connecting = false;
  /** Why the connection is not live, when the server said (a refused key, for one). */
  lastError: ApiError | null = null;

  constructor(private readonly options: LiveOptions<Snapshot>) {
    this.connection = new HubConnectionBuilder()
      .withUrl(options.url, { accessTokenFactory: () => options.key() })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: context => reconnectDelay(context.previousRetryCount) })
      .configureLogging(LogLevel.None)
      .build();
    this.connection.onreconnecting(() => this.setState("reconnecting"));
    this.connection.onreconnected(() => void this.catchUp());
    this.connection.onclose(() => {
      if (!this.closedByPage) {
        this.setState("reconnecting");
        void this.connectWithBackOff();
      }
    });
  }

  get state(): LiveState {
    return this.currentState;
  }

  get isLive(): boolean {
    return this.currentState === "live";
  }

  /** The sequence number of the last message or snapshot applied. */
  get lastSequence(): number {
    return this.gate.lastApplied;
  }

  /** Calls `listener` now and on every change of state. */
  onState(listener: (state: LiveState) => void): () => void {
    this.listeners.add(listener);
    listener(this.currentState);
    return () => this.listeners.delete(listener);
  }

  /** Handles a server message: `handler(payload, sequence)`, only for messages newer than what was applied. */
  on<K extends keyof Messages & string>(name: K, handler: (payload: Messages[K], sequence: number) => void): this {
    this.connection.on(name, (sequence: number, payload: Messages[K]) => this.gate.offer(sequence, () => {
      try {
        handler(payload, sequence);
      } catch (error) {
        // The SignalR client would swallow it; a page bug must show (browser tests fail on console errors).
        console.error(`Handling ${name} failed:`, error);
      }
    }));
    return this;
  }

  /** Handles a server message that carries no sequence number (`ServerLoad`), as it arrives. */
  onUnnumbered<T>(name: string, handler: (payload: T) => void): this {
    this.connection.on(name, (payload: T) => {
      try {
        handler(payload);
      } catch (error) {
        console.error(`Handling ${name} failed:`, error);
      }
    });
    return this;
  }

  /** Calls a hub method. Rejects with an ApiError: the server's code, or `NotConnected` while not live. */
  async invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    if (this.connection.state !== HubConnectionState.Connected) {
      throw new ApiError("NotConnected", "Not connected to the server: nothing was sent. Try again once the banner says live.", 0);
    }
    try {
      return await this.connection.invoke<T>(method, ...args);
    } catch (error) {
      throw hubErrorToError(error);
    }
  }

  /** Connects (retrying with back-off until it succeeds) and catches up. */
  async start(): Promise<void> {
    this.closedByPage = false;
    await this.connectWithBackOff();
  }

  /** Closes the connection for good (the page is leaving). */
  async stop(): Promise<void> {
    this.closedByPage = true;
    await this.connection.stop();
    this.setState("offline");
  }

  private async connectWithBackOff(): Promise<void> {
    if (this.connecting) {
      return;   // one loop at a time: a close during a failed catch-up does not start a second
    }
    this.connecting = true;
    try {
      await this.connectLoop();
    } finally {
      this.connecting = false;
    }
  }

  private async connectLoop(): Promise<void> {
    while (!this.closedByPage && this.connection.state === HubConnectionState.Disconnected) {
      try {
        await this.connection.start();
        this.attempt = 0;
        await this.catchUp();
        return;
      } catch (error) {
        this.lastError = error instanceof ApiError ? error : hubErrorToError(error);
        if (/\b(401|403)\b/.test(String(error))) {
          // The key itself is refused: retrying cannot help.
          this.lastError = new ApiError(String(error).includes("401") ? "Unauthenticated" : "Forbidden",
            "The server refused this page's key: open the page again from a current link.", 0);
          this.setState("offline");
          return;
        }
        this.setState(this.attempt === 0 && this.currentState === "connecting" ? "connecting" : "reconnecting");
        await new Promise(resolve => setTimeout(resolve, reconnectDelay(this.attempt++)));
      }
    }
  }

  private async catchUp(): Promise<void> {
    this.gate.hold();
    try {
      const request = this.options.catchUpRequest?.();
      const snapshot = request === undefined
        ? await this.connection.invoke<Snapshot>(this.options.catchUpMethod)
        : await this.connection.invoke<Snapshot>(this.options.catchUpMethod, request);
      try {
        this.options.onCatchUp(snapshot);
      } catch (error) {
        console.error("Applying the catch-up failed:", error);
      }
      this.gate.settle(snapshot.sequence);
      this.lastError = null;
      this.setState("live");
    } catch (error) {
      this.gate.abandon();
      this.lastError = hubErrorToError(error);
      // Without a snapshot nothing shown can be trusted: drop the connection and reconnect with back-off.
      this.setState("reconnecting");
      await this.connection.stop();
      throw this.lastError;
    }
  }

  private setState(state: LiveState): void {
    if (state === this.currentState) {
      return;
    }
    this.currentState = state;
    for (const listener of this.listeners) {
      listener(state);
    }
  }
}
