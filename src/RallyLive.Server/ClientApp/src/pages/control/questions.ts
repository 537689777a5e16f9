// The control panel's questions: the one on screen with "Clear", and the approved questions, most upvoted first, each
// with "Show on screen". Moderators approve questions; the organiser picks which one the crowd sees. Text is only text.
import "../../shared/questions.css";
import { h, replace } from "../../shared/dom.js";
import { formatCount } from "../../shared/format.js";
import { act } from "../../shared/notices.js";
import { QuestionsPanel, type Invoke, type Question } from "../../shared/questions.js";

export class ControlQuestions extends QuestionsPanel {
  private readonly shownBox = h("div", { "data-testid": "question-shown-box" });
  private readonly list = h("ol", { class: "list questions", "data-testid": "questions-approved" });
  private readonly counts = h("p", { class: "muted live-value", "data-testid": "questions-counts" });

  readonly element: HTMLElement;

  constructor(private readonly invoke: Invoke) {
    super();
    this.element = h("section", { class: "panel wide", "aria-label": "Questions", "data-testid": "questions-section" },
      h("h2", {}, "Questions"), this.shownBox, this.counts, this.list);
    this.render();
  }

  protected render(): void {
    const shown = this.book.shown();
    replace(this.shownBox, shown
      ? h("div", { class: "question-on-screen", "data-testid": "question-shown", "data-question": shown.id },
        h("div", { class: "row" }, h("span", { class: "tag good" }, "On screen"), h("span", { class: "muted" }, `▲ ${formatCount(shown.upvotes)}`),
          h("button", { type: "button", "data-testid": "question-clear", onclick: (event: Event) => void act(event.currentTarget as HTMLButtonElement, async () => {
            const cleared = await this.invoke<Question | null>("ClearShownQuestion");
            if (cleared) {
              this.apply({ questions: [cleared], removed: [] });
            }
          }, "Clear question") }, "Clear")),
        h("p", { class: "literal question-text" }, shown.text),
        h("span", { class: "muted" }, "asked by ", h("span", { class: "literal" }, shown.displayName)))
      : h("p", { class: "muted" }, "No question on screen."));
    const pending = this.book.pending().length;
    this.counts.textContent = `${formatCount(pending)} waiting for moderators · ${formatCount(this.book.ranked("Answered").length)} answered`;
    const approved = this.book.ranked("Approved");
    replace(this.list, approved.length === 0 ? h("li", { class: "muted" }, "No approved question yet.") : null,
      approved.map(question => h("li", { class: "question", "data-testid": "question", "data-question": question.id, "data-state": question.state },
        h("span", { class: "tag live-value", title: "Upvotes", "data-testid": "question-upvotes" }, `▲ ${formatCount(question.upvotes)}`),
        h("div", { class: "stack question-body" },
          h("p", { class: "literal question-text", "data-testid": "question-text" }, question.text),
          h("span", { class: "muted literal" }, question.displayName)),
        h("div", { class: "question-actions" },
          h("button", { type: "button", class: "primary", "data-testid": "question-show", onclick: (event: Event) => void act(event.currentTarget as HTMLButtonElement, async () => {
            const nowShown = await this.invoke<Question>("ShowQuestion", { questionId: question.id });
            const before = this.book.shown();
            this.apply({ questions: [...(before && before.id !== nowShown.id ? [{ ...before, state: "Answered" as const }] : []), nowShown], removed: [] });
          }, "Show question") }, "Show on screen")))));
  }
}
