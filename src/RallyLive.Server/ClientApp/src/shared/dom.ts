// Building the page: every element through h(), every piece of text as a text node. No markup is ever parsed from a
// string (scripts/check-safe-dom.mjs fails the build on innerHTML and friends), so untrusted text shows literally.

/** A child of h(): text (becomes a text node), an element, or nothing (skipped); arrays are flattened. */
export type Child = Node | string | number | null | undefined | false | Child[];

/** Attributes of h(): `class`, `for`, data-/aria- attributes and properties; `on<event>` functions become listeners. */
export type Props = Record<string, unknown>;

/**
 * Creates an element: `h("button", { class: "big", onclick: () => next() }, "Next")`. Strings among the children
 * become text nodes, so `h("p", {}, message.text)` shows the text as typed, markup and all.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value as EventListener);
    } else if (name === "class" || name === "for" || name.startsWith("data-") || name.startsWith("aria-") || name === "role") {
      element.setAttribute(name, String(value === true ? "" : value));
    } else {
      (element as unknown as Record<string, unknown>)[name] = value;
    }
  }
  append(element, children);
  return element;
}

/** Appends children (text as text nodes) to a parent. */
export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(parent, child);
    } else {
      parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

/** Replaces all of an element's children. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** The element with this id, or an error naming it (a page's skeleton is its own, so a miss is a bug). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`No element #${id} on the page.`);
  }
  return element as T;
}

/** The page's root: the <main id="app"> of the server's page shell. */
export const app = (): HTMLElement => byId("app");
