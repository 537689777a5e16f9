// The viewer page: a placeholder until it is built (see docs/web-ui.md, "Adding a page").
import "../shared/base.css";
import { app, h, replace } from "../shared/dom.js";

replace(app(), h("h1", {}, "RallyLive"), h("p", { class: "muted" }, "This page is coming soon."));
