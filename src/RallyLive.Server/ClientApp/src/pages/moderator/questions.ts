// The moderation console's questions panel: viewers' pending questions, oldest first, each to approve or reject (a
// blocked term's reason shown), and the approved ones, which a moderator may still reject. Text is only ever text.
import "../../shared/questions.css";
import { h, replace } from "../../shared/dom.js";
import { formatClock, formatCount } from "../../shared/format.js";
import { act } from "../../shared/notices.js";
import { QuestionsPanel, type Invoke, type Question } from "../../shared/questions.js";

export class ModeratorQuestions extends QuestionsPanel {
  private readonly pendingList = h("ol", { class: "list questions", "data-testid": "questions-pending" });
  private readonly approvedList = h("ol", { class: "list questions", "data-testid": "questions-approved" });
  private readonly pendingCount = h("span", { class: "tag live-value", "data-testid": "questions-pending-count" });

  readonly element: HTMLElement;

  constructor(private readonly invoke: Invoke, private readonly streamName: (streamId: string) => string) {
    super();
    this.element = h("section", { class: "panel", "aria-label": "Questions", "data-testid": "questions-section" },
      h("h2", {}, "Questions ", this.pendingCount),
      this.pendingList,
      h("details", { class: "questions-approved" }, h("summary", {}, "Approved questions"), this.approvedList));
    this.render();
  }

  protected render(): void {
    const pending = this.book.pending();
    this.pendingCount.textContent = `${formatCount(pending.length)} waiting`;
    replace(this.pendingList, pending.length === 0 ? h("li", { class: "muted" }, "No question waits for review.") : null,
      pending.map(question => this.item(question, true)));
    const approved = this.book.ranked("Approved", "Shown");
    replace(this.approvedList, approved.length === 0 ? h("li", { class: "muted" }, "None yet.") : null,
      approved.map(question => this.item(question, false)));
  }

  private item(question: Question, pending: boolean): HTMLElement {
    const decide = (method: "ApproveQuestion" | "RejectQuestion") => (event: Event) =>
      void act(event.currentTarget as HTMLButtonElement, async () => {
        this.apply({ questions: [await this.invoke<Question>(method, { questionId: question.id })], removed: [] });
      }, method === "ApproveQuestion" ? "Approve question" : "Reject question");
    return h("li", { class: "question stacked", "data-testid": pending ? "question-pending" : "question", "data-question": question.id, "data-state": question.state },
      h("span", { class: "tag live-value", title: "Upvotes" }, `▲ ${formatCount(question.upvotes)}`),
      h("div", { class: "stack question-body" },
        h("p", { class: "literal question-text", "data-testid": "question-text" }, question.text),
        h("span", { class: "muted" }, h("span", { class: "literal" }, question.displayName), ` · ${this.streamName(question.streamId)} · ${formatClock(question.askedAt)}`),
        question.heldReason ? h("span", { class: "tag warn", "data-testid": "question-reason" }, question.heldReason) : null),
      h("div", { class: "question-actions" },
        pending ? h("button", { type: "button", class: "primary", "data-testid": "question-approve", onclick: decide("ApproveQuestion") }, "Approve") : null,
        h("button", { type: "button", class: "danger", "data-testid": "question-reject", onclick: decide("RejectQuestion") }, "Reject")));
  }
}
