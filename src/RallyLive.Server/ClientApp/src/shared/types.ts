// The protocol's messages as TypeScript types, exactly as docs/protocol.md and the server's records define them
// (camel-case JSON, enums as strings, times as ISO 8601 strings).
import type { Question, QuestionsDelta, QuestionsReport } from "./questions.js";

export type RallyStatus = "Draft" | "Live" | "Ended";
export type PinKind = "Announcement" | "Response";
export type PollStatus = "Draft" | "Open" | "Closed";
export type ResultsVisibility = "Live" | "AtClose";
export type ChatMessageState = "Visible" | "Held" | "Hidden" | "Deleted";
export type NarrativeKind = "NearDuplicate" | "Paraphrase" | "Raid" | "OpposingSentimentSurge";
export type NarrativeStatus = "Open" | "Acknowledged" | "Answered" | "Dismissed" | "HandedToModerators";
export type NarrativeStance = "Neutral" | "Opposes" | "Supports";
export type NarrativeTrend = "Rising" | "Steady" | "Falling";
export type MessageAction = "Hide" | "Restore" | "Delete" | "Approve";
export type AuditAction =
  | "HideMessage" | "RestoreMessage" | "DeleteMessage" | "ApproveMessage" | "TimeOutViewer"
  | "BanViewer" | "UnbanViewer" | "SetChatModes" | "AddBlockedTerm" | "RemoveBlockedTerm"
  | "ApproveQuestion" | "RejectQuestion";

/** A role's token names one rally; pages keep one key per rally and role. */
export type Role = "organiser" | "moderator" | "viewer";

export interface SpeakerInput { id: string; name: string; bio?: string | null }
export interface StreamInput { id: string; name: string; embedUrl?: string | null }
export interface SegmentInput { title: string; speakerId?: string | null }
export interface ReactionKind { name: string; valence: number }

export interface CreateRallyRequest {
  title: string;
  cause?: string | null;
  speakers: SpeakerInput[];
  streams: StreamInput[];
  runOfShow: SegmentInput[];
  reactionPalette?: ReactionKind[];
}

export interface SegmentView { index: number; title: string; speakerId: string | null; startedAt: string | null; endedAt: string | null }
export interface PinnedItem { id: string; text: string; kind: PinKind; narrativeId: string | null; pinnedAt: string }

export interface RallySnapshot {
  rallyId: string;
  title: string;
  cause: string | null;
  status: RallyStatus;
  speakers: SpeakerInput[];
  streams: StreamInput[];
  runOfShow: SegmentView[];
  currentSegment: number | null;
  reactionPalette: ReactionKind[];
  pollIds: string[];
  pinned: PinnedItem[];
}

export interface PublicRally {
  rallyId: string;
  title: string;
  cause: string | null;
  status: RallyStatus;
  streams: StreamInput[];
  currentSegment: string | null;
  currentSpeaker: string | null;
  pinned: PinnedItem[];
}

export interface CreatedRally { rallyId: string; organiserKey: string; rally: RallySnapshot }
export interface ModeratorKey { moderatorId: string; name: string; key: string }

export interface StreamSetup { rallyId: string; streamId: string; name: string; rallyStatus: RallyStatus; palette: ReactionKind[] }
export interface JoinReceipt { streamId: string; displayName: string; viewers: number; setup: StreamSetup }
export interface StreamJoined { viewerId: string; viewerToken: string; stream: JoinReceipt }

export interface ChatMessage {
  id: string;
  sequence: number;
  streamId: string;
  viewerId: string;
  displayName: string;
  text: string;
  at: string;
  state: ChatMessageState;
  reason: string | null;
  sentiment: number;
}

export interface StreamFrame {
  rallyId: string;
  streamId: string;
  at: string;
  reactions: Record<string, number>;
  viewers: number;
  chatMessages: number;
  chatSentimentSum: number;
}

export interface StreamSnapshot { setup: StreamSetup; viewers: number; reactionTotals: Record<string, number>; recentChat: ChatMessage[] }

export interface PollSnapshot {
  pollId: string;
  rallyId: string;
  question: string;
  options: string[];
  visibility: ResultsVisibility;
  status: PollStatus;
  /** Empty for viewers while results are shown only at close. */
  tallies: number[];
  totalVotes: number;
  openedAt: string | null;
  closedAt: string | null;
}

export interface SentimentBucket {
  second: string;
  /** Null for the whole rally. */
  streamId: string | null;
  reactions: Record<string, number>;
  chatMessages: number;
  chatSentimentSum: number;
  viewers: number;
  /** In [-1, 1]. */
  sentimentIndex: number;
  energy: number;
  segmentIndex: number | null;
  speakerId: string | null;
}

export interface Narrative {
  id: string;
  kind: NarrativeKind;
  representativeText: string;
  messageCount: number;
  distinctViewers: number;
  streams: string[];
  firstSeen: string;
  lastSeen: string;
  trend: NarrativeTrend;
  samples: string[];
  meanSentiment: number;
  status: NarrativeStatus;
  stance: NarrativeStance;
}

export interface NarrativeView { narrative: Narrative; handledBy: string | null; handledAt: string | null; pinnedResponseId: string | null; messageIds: string[]; endedAt: string | null; newMessageIds: string[] | null }

export interface ChatPolicy {
  /** A TimeSpan ("00:00:10"), or null when slow mode is off. */
  slowModeInterval: string | null;
  holdForReview: boolean;
  shieldModeSince: string | null;
  bannedViewers: string[];
  timedOutUntil: Record<string, string>;
  blockedTerms: string[];
}

export interface FlaggedMessage { streamId: string; messageId: string; reasons: string[]; reports: number; firstFlaggedAt: string }
/**
 * One audit line. The names, the message's text and a timeout's length come from the server's records, each null when
 * it did not know them (older lines, a viewer never seen in chat); `duration` is a TimeSpan ("00:05:00").
 */
export interface AuditEntry {
  sequence: number; at: string; moderatorId: string; action: AuditAction; target: string; reason: string | null;
  moderatorName?: string | null; viewerName?: string | null; messageText?: string | null; duration?: string | null;
  /** The viewer the line is about: a timeout's, ban's or unban's target, or the author of the message acted on. */
  viewerId?: string | null;
}
/** A viewer's card (GetViewerHistory): their recent messages and the audit lines about them, newest first. */
export interface ViewerHistory {
  viewerId: string; displayName: string | null; messages: ChatMessage[]; actions: AuditEntry[]; banned: boolean; timedOutUntil: string | null;
}
export interface ModerationSnapshot { policy: ChatPolicy; flagged: FlaggedMessage[]; recentAudit: AuditEntry[] }
/** What changed since the previous ModerationChanged: the rules when they changed, raised or grown flags, cleared flags (message ids), new audit lines. */
export interface ModerationDelta { policy: ChatPolicy | null; flagged: FlaggedMessage[]; unflagged: string[]; audit: AuditEntry[] }

export interface OrganiserCatchUp { sequence: number; rally: RallySnapshot; polls: PollSnapshot[]; narratives: NarrativeView[]; recentSentiment: SentimentBucket[]; moderation: ModerationSnapshot; questions: Question[] }
export interface ViewerCatchUp { sequence: number; rally: PublicRally; stream: StreamSnapshot; polls: PollSnapshot[]; questions: Question[] }
export interface ModeratorConsole { sequence: number; moderation: ModerationSnapshot; streams: StreamSnapshot[]; questions: Question[] }

export interface SegmentSummary {
  rallyId: string;
  segmentIndex: number;
  segmentTitle: string;
  startedAt: string;
  endedAt: string;
  reactions: Record<string, number>;
  chatMessages: number;
  meanSentimentIndex: number;
  peakEnergy: number;
}

export interface SpeakerReport { speakerId: string; name: string; segments: SegmentSummary[] }

export interface RallyReport {
  rally: RallySnapshot;
  generatedAt: string;
  reactionTotals: Record<string, number>;
  timeline: SentimentBucket[];
  streamTimelines: Record<string, SentimentBucket[]>;
  speakers: SpeakerReport[];
  polls: PollSnapshot[];
  narratives: NarrativeView[];
  moderationActions: AuditEntry[];
  questions: QuestionsReport;
}

/** `ServerLoad`: how much the server the panel is connected to sends its viewers (docs/protocol.md); not numbered. */
export interface DeliveryLoad {
  level: "Full" | "Reduced" | "Minimal";
  frameIntervalMs: number;
  chatPerSecondPerStream: number;
  since: string;
  reason: string;
}

/** Messages the organiser hub sends: name → payload (each arrives after the rally's sequence number). */
export interface OrganiserMessages {
  RallyUpdated: RallySnapshot;
  PollUpdated: PollSnapshot;
  StreamFrame: StreamFrame;
  Sentiment: SentimentBucket[];
  Narrative: NarrativeView;
  ModerationChanged: ModerationDelta;
  QuestionsChanged: QuestionsDelta;
}

/** Messages the viewer hub sends. */
export interface ViewerMessages {
  ReactionBurst: StreamFrame;
  ChatMessage: ChatMessage;
  ChatMessageRemoved: string;
  RallyUpdated: PublicRally;
  PollUpdated: PollSnapshot;
  QuestionsChanged: QuestionsDelta;
}

/** Messages the moderator hub sends. */
export interface ModeratorMessages {
  ChatMessage: ChatMessage;
  ChatMessageChanged: ChatMessage;
  ModerationChanged: ModerationDelta;
  QuestionsChanged: QuestionsDelta;
}
