// The landing page: create a rally (title, cause, speakers, streams with optional embed URL, run of show) through the
// HTTP API and go to its control panel with the organiser key in the fragment; or open an existing rally.
import "../shared/base.css";
import "./landing.css";
import { api, describeError } from "../shared/api.js";
import { app, h, replace } from "../shared/dom.js";
import { uniqueSlugs } from "../shared/ids.js";
import { linkWithKey, rallyIdFromPath, signedInRallies, storeKey } from "../shared/keys.js";
import type { CreatedRally, CreateRallyRequest, PublicRally } from "../shared/types.js";

/** A list of editable rows (speakers, streams, segments) with add and remove buttons. */
function rowList(name: string, addLabel: string, makeRow: () => HTMLElement, initial: number): { element: HTMLElement; rows: () => HTMLElement[] } {
  const rows = h("div", { class: "rows", "data-testid": `${name}-rows` });
  const add = () => {
    const row = makeRow();
    row.append(h("button", { type: "button", class: "remove", "aria-label": "Remove", onclick: () => row.remove() }, "Remove"));
    rows.append(row);
  };
  for (let i = 0; i < initial; i++) {
    add();
  }
  return {
    element: h("div", {}, rows, h("button", { type: "button", "data-testid": `add-${name}`, onclick: add }, addLabel)),
    rows: () => [...rows.children] as HTMLElement[],
  };
}

const field = (label: string, input: HTMLInputElement | HTMLSelectElement) => h("div", {}, h("label", {}, label, input));
const valueOf = (row: HTMLElement, name: string) => (row.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)?.value ?? "").trim();

const title = h("input", { name: "title", required: true, maxLength: 200, placeholder: "Showdown at the Smile Exchange", "data-testid": "title" });
const cause = h("input", { name: "cause", maxLength: 200, placeholder: "Smile equity", "data-testid": "cause" });

const speakers = rowList("speaker", "Add a speaker",
  () => h("div", { class: "entry one" }, field("Speaker's name", h("input", { name: "name", maxLength: 120 }))), 2);
const streams = rowList("stream", "Add a stream",
  () => h("div", { class: "entry" },
    field("Stream name", h("input", { name: "name", maxLength: 120 })),
    field("Embed URL (optional, https)", h("input", { name: "embed", type: "url", placeholder: "https://…" }))), 1);

/** The speakers' select of a run-of-show row, refreshed from the speaker rows whenever it is opened. */
function speakerSelect(): HTMLSelectElement {
  const select = h("select", { name: "speaker" });
  const refresh = () => {
    const chosen = select.value;
    const names = speakers.rows().map(row => valueOf(row, "name"));
    replace(select, h("option", { value: "" }, "— no speaker —"), names.map((name, i) => name ? h("option", { value: String(i) }, name) : null));
    select.value = [...select.options].some(o => o.value === chosen) ? chosen : "";
  };
  select.addEventListener("focus", refresh);
  select.addEventListener("pointerdown", refresh);
  refresh();
  return select;
}

const segments = rowList("segment", "Add a segment",
  () => h("div", { class: "entry" }, field("Segment title", h("input", { name: "title", maxLength: 200 })), field("Speaker", speakerSelect())), 2);

const formError = h("p", { class: "negative", role: "alert", "data-testid": "form-error" });

/** The request the form describes; ids of speakers and streams are made from their names. */
function request(): CreateRallyRequest {
  const speakerNames = speakers.rows().map(row => valueOf(row, "name"));
  const speakerIds = uniqueSlugs(speakerNames, "speaker");
  const streamRows = streams.rows().filter(row => valueOf(row, "name"));
  const streamIds = uniqueSlugs(streamRows.map(row => valueOf(row, "name")), "stream");
  return {
    title: title.value.trim(),
    cause: cause.value.trim() || null,
    speakers: speakerNames.flatMap((name, i) => name ? [{ id: speakerIds[i]!, name }] : []),
    streams: streamRows.map((row, i) => ({ id: streamIds[i]!, name: valueOf(row, "name"), embedUrl: valueOf(row, "embed") || null })),
    runOfShow: segments.rows().filter(row => valueOf(row, "title")).map(row => {
      const speaker = valueOf(row, "speaker");
      return { title: valueOf(row, "title"), speakerId: speaker && speakerNames[Number(speaker)] ? speakerIds[Number(speaker)]! : null };
    }),
  };
}

const create = h("button", { type: "submit", class: "primary big", "data-testid": "create" }, "Create the rally");
const form = h("form", {
  class: "panel",
  onsubmit: async (event: Event) => {
    event.preventDefault();
    formError.textContent = "";
    const body = request();
    if (body.streams.length === 0) {
      formError.textContent = "A rally needs at least one stream.";
      return;
    }
    create.disabled = true;
    try {
      const created = await api<CreatedRally>("/api/rallies", { method: "POST", body });
      storeKey(created.rallyId, "organiser", created.organiserKey);
      location.assign(linkWithKey(`/rallies/${created.rallyId}/control`, created.organiserKey));
    } catch (error) {
      formError.textContent = `The rally was not created: ${describeError(error)}`;
      create.disabled = false;
    }
  },
},
h("h2", {}, "Create a rally"),
field("Title", title),
field("Cause", cause),
h("fieldset", {}, h("legend", {}, "Speakers"), speakers.element),
h("fieldset", {}, h("legend", {}, "Streams"), streams.element),
h("fieldset", {}, h("legend", {}, "Run of show"), segments.element),
formError,
h("div", { class: "form-actions" }, create));

// Opening a rally: a link (control, moderator or report, with its key) goes as is; an id lists its streams.
const openInput = h("input", { name: "open", placeholder: "A rally link, or its id (r-…)", "data-testid": "open-input" });
const openResult = h("div", { class: "open-streams", "data-testid": "open-result" });
const openForm = h("form", {
  class: "panel",
  onsubmit: async (event: Event) => {
    event.preventDefault();
    const text = openInput.value.trim();
    // A link to one of the rally's pages (with its key) opens as is.
    const url = URL.canParse(text) ? new URL(text) : null;
    if (url && url.origin === location.origin && rallyIdFromPath(url.pathname)) {
      location.assign(url.pathname + url.hash);
      return;
    }
    try {
      const rally = await api<PublicRally>(`/api/rallies/${encodeURIComponent(text)}/public`);
      replace(openResult, h("p", {}, rally.title), h("ul", { class: "list" },
        rally.streams.map(stream => h("li", {}, h("a", { href: `/rallies/${rally.rallyId}/streams/${stream.id}` }, `Watch: ${stream.name}`)))));
    } catch (error) {
      replace(openResult, h("p", { class: "negative" }, `No such rally: ${describeError(error)}`));
    }
  },
}, h("h2", {}, "Open a rally"), h("div", { class: "row" }, openInput, h("button", { type: "submit" }, "Open")), openResult);

// The rallies this browser is signed in to as organiser (keys kept by keys.ts): one click back to their control panel.
function yourRallies(): HTMLElement | null {
  const ids = signedInRallies("organiser");
  if (ids.length === 0) {
    return null;
  }
  const list = h("ul", { class: "list", "data-testid": "your-rallies" });
  for (const id of ids) {
    const item = h("li", { class: "row" }, h("a", { href: `/rallies/${id}/control`, "data-testid": "your-rally" }, id),
      h("a", { class: "muted", href: `/rallies/${id}/report` }, "report"));
    list.append(item);
    api<PublicRally>(`/api/rallies/${encodeURIComponent(id)}/public`)
      .then(rally => { item.firstElementChild!.textContent = `${rally.title} (${rally.status === "Draft" ? "not started" : rally.status.toLowerCase()})`; })
      .catch(() => item.remove());
  }
  return h("section", { class: "panel" }, h("h2", {}, "Your rallies on this device"), list);
}

replace(app(),
  h("div", { class: "landing" },
    h("header", { class: "hero" }, h("h1", {}, "RallyLive"), h("p", { class: "muted" }, "Run a rally live: see the crowd, answer it, keep the chat usable.")),
    h("div", { class: "stack" }, yourRallies(), form, openForm)));
app().classList.add("landing");
