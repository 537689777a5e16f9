// The question book: catch-ups and deltas applied by id, ranking as the server ranks, refusals in plain words.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiError } from "../src/shared/api.js";
import { QuestionBook, questionRefusal, rankQuestions, type Question } from "../src/shared/questions.js";

const question = (id: string, upvotes: number, state: Question["state"] = "Approved", askedAt = "2150-06-01T18:00:00+00:00"): Question =>
  ({ id, viewerId: `v-${id}`, displayName: `Viewer ${id}`, text: `Question ${id}?`, streamId: "main-stage", askedAt, upvotes, state, heldReason: null });

test("questions rank most upvoted first, then the first asked, then by number", () => {
  const ranked = rankQuestions([question("q10", 1), question("q2", 1), question("q3", 5), question("q1", 1, "Approved", "2150-06-01T18:00:05+00:00")]);
  assert.deepEqual(ranked.map(q => q.id), ["q3", "q2", "q10", "q1"]);
});

test("a delta replaces questions by id and drops the removed ones; a catch-up replaces everything", () => {
  const book = new QuestionBook();
  book.reset([question("q1", 0), question("q2", 3), question("q4", 0, "Pending")]);
  book.apply({ questions: [question("q1", 7), question("q3", 0, "Shown")], removed: ["q2"] });

  assert.deepEqual(book.ranked("Approved", "Shown").map(q => [q.id, q.upvotes]), [["q1", 7], ["q3", 0]]);
  assert.equal(book.shown()?.id, "q3");
  assert.deepEqual(book.pending().map(q => q.id), ["q4"]);

  book.reset([question("q9", 0)]);
  assert.deepEqual(book.ranked("Approved").map(q => q.id), ["q9"]);
  assert.equal(book.shown(), undefined);
});

test("refusals read in plain words, and the server's own words when it gives a limit", () => {
  assert.match(questionRefusal(new ApiError("RateLimited", "", 0)), /ten seconds/);
  assert.match(questionRefusal(new ApiError("TextTooLong", "", 0)), /200 characters/);
  assert.equal(questionRefusal(new ApiError("QuestionLimitReached", "You have 3 questions waiting already.", 0)), "You have 3 questions waiting already.");
});
