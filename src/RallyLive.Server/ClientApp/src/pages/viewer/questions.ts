// The viewer's questions panel: the question on screen (highlighted), a box to ask one with a character counter, and
// the approved questions, most upvoted first, each with an upvote button. Text is only ever text.
import "../../shared/questions.css";
import { ApiError } from "../../shared/api.js";
import { h, replace } from "../../shared/dom.js";
import { formatCount } from "../../shared/format.js";
import { maxQuestionLength, questionRefusal, QuestionsPanel, type Invoke, type Question, type QuestionsDelta, type UpvoteReceipt } from "../../shared/questions.js";
import { charactersLeft } from "./chat.js";

export class ViewerQuestions extends QuestionsPanel {
  /**
   * Questions this viewer upvoted, kept in `localStorage` so a reload or another tab still marks them (the server
   * counts each upvote once whatever the page remembers; this only marks the button).
   */
  private readonly upvoted: Set<string>;
  private readonly upvotedKey: string;
  /** The viewer's own questions still waiting for a moderator, so they know it was taken. */
  private readonly waiting = new Map<string, Question>();

  private readonly shownBox = h("div", { class: "question-shown-box", "data-testid": "question-shown-box" });
  private readonly list = h("ol", { class: "list questions", "data-testid": "questions" });
  private readonly input = h("input", { type: "text", class: "question-input", placeholder: "Ask the speakers…", "aria-label": "Your question",
    autocomplete: "off", "data-testid": "question-input" });
  private readonly counter = h("span", { class: "muted question-counter", "data-testid": "question-counter" });
  private readonly ask = h("button", { type: "submit", class: "primary big", "data-testid": "question-ask" }, "Ask");
  private readonly note = h("p", { class: "form-error", role: "alert", "data-testid": "question-refusal" });
  private readonly waitingLine = h("p", { class: "muted", "data-testid": "question-waiting" });

  /** The panel to place on the page. */
  readonly element: HTMLElement;

  constructor(private readonly invoke: Invoke, rallyId: string, private readonly streamId: string, private readonly myViewerId: string,
    private readonly storage: Pick<Storage, "getItem" | "setItem"> = localStorage) {
    super();
    this.upvotedKey = `rallylive:question-upvotes:${rallyId}:${myViewerId}`;
    this.upvoted = loadUpvoted(storage, this.upvotedKey);
    this.input.addEventListener("input", () => this.updateCounter());
    const form = h("form", { class: "question-form", onsubmit: (event: Event) => { event.preventDefault(); void this.send(); } }, this.input, this.ask);
    this.element = h("section", { class: "panel area-questions", "aria-label": "Questions", "data-testid": "questions-section" },
      h("h2", {}, "Questions"), this.shownBox, form,
      h("div", { class: "row question-meta" }, this.counter, this.note), this.waitingLine, this.list);
    this.updateCounter();
    this.render();
  }

  override apply(delta: QuestionsDelta): void {
    for (const question of delta.questions) {
      this.waiting.delete(question.id);
    }
    for (const id of delta.removed) {
      this.waiting.delete(id);
    }
    super.apply(delta);
  }

  private updateCounter(): void {
    const left = charactersLeft(this.input.value, maxQuestionLength);
    this.counter.textContent = left.text;
    this.counter.classList.toggle("negative", left.over);
    this.ask.disabled = left.over;
  }

  private async send(): Promise<void> {
    const text = this.input.value.trim();
    if (!text) {
      this.note.textContent = questionRefusal(new ApiError("TextEmpty", "", 0));
      return;
    }
    this.ask.disabled = true;
    try {
      const question = await this.invoke<Question>("AskQuestion", { streamId: this.streamId, text });
      this.input.value = "";
      this.note.textContent = "";
      if (question.state === "Pending") {
        this.waiting.set(question.id, question);
      }
      this.render();
    } catch (error) {
      this.note.textContent = questionRefusal(error);
    } finally {
      this.updateCounter();
    }
  }

  private async upvote(question: Question, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      const receipt = await this.invoke<UpvoteReceipt>("UpvoteQuestion", { questionId: question.id });
      this.upvoted.add(question.id);
      this.storage.setItem(this.upvotedKey, JSON.stringify([...this.upvoted]));
      const known = this.book.get(question.id);
      if (known && known.upvotes < receipt.upvotes) {
        this.book.apply({ questions: [{ ...known, upvotes: receipt.upvotes }], removed: [] });
      }
      this.note.textContent = "";
    } catch (error) {
      this.note.textContent = questionRefusal(error);
    } finally {
      this.render();
    }
  }

  protected render(): void {
    const shown = this.book.shown();
    replace(this.shownBox, shown
      ? h("div", { class: "question-on-screen", role: "status", "data-testid": "question-shown", "data-question": shown.id },
        h("span", { class: "tag good" }, "On screen now"),
        h("p", { class: "literal question-text" }, shown.text),
        h("span", { class: "muted" }, "asked by ", h("span", { class: "literal" }, shown.displayName)))
      : null);
    this.waitingLine.textContent = this.waiting.size === 0 ? ""
      : this.waiting.size === 1 ? "Your question is waiting for a moderator." : `Your ${this.waiting.size} questions are waiting for a moderator.`;
    const approved = this.book.ranked("Approved", "Shown");
    replace(this.list, approved.length === 0 ? h("li", { class: "muted" }, "No questions yet: ask the first.") : null,
      approved.map(question => this.item(question)));
  }

  private item(question: Question): HTMLElement {
    const mine = question.viewerId === this.myViewerId;
    const voted = this.upvoted.has(question.id);
    const button = h("button", { type: "button", class: `upvote${voted ? " voted" : ""}`, "data-testid": "question-upvote",
      "aria-pressed": String(voted), "aria-label": `Upvote: ${question.upvotes}`, disabled: mine || voted,
      title: mine ? "Your own question" : voted ? "You upvoted this" : "Upvote" },
    h("span", { "aria-hidden": "true" }, "▲"), " ", h("span", { class: "live-value", "data-testid": "question-upvotes" }, formatCount(question.upvotes)));
    button.addEventListener("click", () => void this.upvote(question, button));
    return h("li", { class: `question${question.state === "Shown" ? " on-screen" : ""}`, "data-testid": "question", "data-question": question.id,
      "data-state": question.state },
    button,
    h("div", { class: "stack question-body" },
      h("p", { class: "literal question-text", "data-testid": "question-text" }, question.text),
      h("span", { class: "muted" }, h("span", { class: "literal" }, question.displayName), mine ? " (you)" : null,
        question.state === "Shown" ? [" ", h("span", { class: "tag good" }, "on screen")] : null)));
  }
}

/** The ids stored under `key`; nothing when absent or unreadable. */
function loadUpvoted(storage: Pick<Storage, "getItem">, key: string): Set<string> {
  try {
    const stored: unknown = JSON.parse(storage.getItem(key) ?? "[]");
    return new Set(Array.isArray(stored) ? stored.filter((id): id is string => typeof id === "string") : []);
  } catch {
    return new Set();   // unreadable (written by hand, or by another version): the marks start afresh, the counts are the server's
  }
}
