// The report's questions section: how many viewers' questions were asked, approved, rejected and shown, and the most
// upvoted of those viewers saw. Text is only ever text.
import { h } from "../../shared/dom.js";
import { formatCount } from "../../shared/format.js";
import type { QuestionsReport } from "../../shared/questions.js";
import { figure } from "../../shared/widgets.js";

export function questionsSection(report: QuestionsReport | undefined): HTMLElement {
  const questions = report ?? { asked: 0, approved: 0, rejected: 0, shown: 0, top: [] };
  return h("section", { class: "panel", "aria-label": "Questions", "data-testid": "report-questions" }, h("h2", {}, "Questions"),
    h("div", { class: "figures" },
      figure(formatCount(questions.asked), "asked", "questions-asked"),
      figure(formatCount(questions.approved), "approved", "questions-approved"),
      figure(formatCount(questions.rejected), "rejected", "questions-rejected"),
      figure(formatCount(questions.shown), "shown on screen", "questions-shown")),
    questions.top.length === 0 ? h("p", { class: "muted" }, "No question reached the viewers.")
      : h("ol", { class: "list" }, questions.top.map(question => h("li", { "data-testid": "report-question", "data-state": question.state },
        h("strong", {}, `▲ ${formatCount(question.upvotes)} `),
        h("span", { class: "literal" }, question.text),
        h("span", { class: "muted" }, " — ", h("span", { class: "literal" }, question.displayName),
          question.state === "Shown" || question.state === "Answered" ? " · shown on screen" : "")))));
}
