// Viewers' questions (docs/protocol.md, "AskQuestion"): the records the hubs send, and a book that keeps them by id as
// catch-ups and QuestionsChanged deltas arrive, ranked as the server ranks them (most upvoted first, then oldest).
import { ApiError, describeError } from "./api.js";

export type QuestionState = "Pending" | "Approved" | "Rejected" | "Shown" | "Answered";

export interface Question {
  id: string;
  viewerId: string;
  displayName: string;
  text: string;
  streamId: string;
  askedAt: string;
  upvotes: number;
  state: QuestionState;
  /** Why moderators should look twice (a blocked term); null for viewers. */
  heldReason: string | null;
}

/** Questions as they are now (replace by id) and, for viewers, ids they no longer see. */
export interface QuestionsDelta { questions: Question[]; removed: string[] }

export interface UpvoteReceipt { questionId: string; upvotes: number; counted: boolean }

export interface QuestionsReport { asked: number; approved: number; rejected: number; shown: number; top: Question[] }

/** The longest question the server takes. */
export const maxQuestionLength = 200;

/** The number in a question id (`q12` is 12), for ordering questions asked at the same moment. */
const numberOf = (id: string): number => Number(id.slice(1)) || 0;

/** Most upvoted first; among equals the first asked first. */
export function rankQuestions(questions: Iterable<Question>): Question[] {
  return [...questions].sort((a, b) => b.upvotes - a.upvotes || a.askedAt.localeCompare(b.askedAt) || numberOf(a.id) - numberOf(b.id));
}

/** Calls a hub method on the page's live connection. */
export type Invoke = <T>(method: string, ...args: unknown[]) => Promise<T>;

/** A page's questions panel: the questions it knows, drawn again whenever a catch-up or a push changes them. */
export abstract class QuestionsPanel {
  protected readonly book = new QuestionBook();

  /** A (re)connect's catch-up: the questions this page may see. */
  reset(questions: readonly Question[] | undefined): void {
    this.book.reset(questions);
    this.render();
  }

  apply(delta: QuestionsDelta): void {
    this.book.apply(delta);
    this.render();
  }

  protected abstract render(): void;
}

/** The questions a page knows, by id. */
export class QuestionBook {
  private readonly byId = new Map<string, Question>();

  /** Replaces everything with a catch-up's questions. */
  reset(questions: readonly Question[] | undefined): void {
    this.byId.clear();
    for (const question of questions ?? []) {
      this.byId.set(question.id, question);
    }
  }

  /** Applies a QuestionsChanged delta. */
  apply(delta: QuestionsDelta): void {
    for (const question of delta.questions) {
      this.byId.set(question.id, question);
    }
    for (const id of delta.removed) {
      this.byId.delete(id);
    }
  }

  get(id: string): Question | undefined {
    return this.byId.get(id);
  }

  /** The questions in `states`, ranked. */
  ranked(...states: QuestionState[]): Question[] {
    return rankQuestions([...this.byId.values()].filter(question => states.includes(question.state)));
  }

  /** Pending questions, oldest first: the order a moderator works through them. */
  pending(): Question[] {
    return [...this.byId.values()].filter(question => question.state === "Pending")
      .sort((a, b) => a.askedAt.localeCompare(b.askedAt) || numberOf(a.id) - numberOf(b.id));
  }

  /** The question on screen, if any. */
  shown(): Question | undefined {
    return [...this.byId.values()].find(question => question.state === "Shown");
  }
}

/** A refused question, upvote or action as the person at the screen should read it. */
export function questionRefusal(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return describeError(error);
  }
  switch (error.code) {
    case "RateLimited":
      return "You are asking too fast: one question every ten seconds.";
    case "QuestionLimitReached":
      return error.message || "No more questions can be taken for now.";
    case "QuestionNotApproved":
      return "That question is not approved (any more).";
    case "QuestionNotFound":
      return "That question no longer exists.";
    case "TextTooLong":
      return `Your question is too long: at most ${maxQuestionLength} characters.`;
    case "TextEmpty":
      return "Type a question first.";
    case "ViewerTimedOut":
      return "A moderator timed you out: you cannot ask for now.";
    case "ViewerBanned":
      return "A moderator removed you from this rally.";
    case "RallyEnded":
      return "The rally has ended: questions are closed.";
    case "NotConnected":
      return "Not connected: nothing was sent. Try again once the banner says live.";
    default:
      return describeError(error);
  }
}
