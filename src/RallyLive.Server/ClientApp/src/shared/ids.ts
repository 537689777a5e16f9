// Ids the server accepts for speakers, streams and polls: 1 to 40 lower-case letters, digits or dashes.

/** An id made from a name: "Elara Vale" → "elara-vale"; `fallback` when the name has no letters or digits. */
export function slug(name: string, fallback: string): string {
  const id = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40).replace(/-+$/, "");
  return id || fallback;
}

/** Ids for names, each unique among them: a repeat gets "-2", "-3"… */
export function uniqueSlugs(names: readonly string[], prefix: string): string[] {
  const used = new Set<string>();
  return names.map((name, index) => {
    const base = slug(name, `${prefix}-${index + 1}`);
    let id = base;
    for (let n = 2; used.has(id); n++) {
      id = `${base.slice(0, 40 - String(n).length - 1)}-${n}`;
    }
    used.add(id);
    return id;
  });
}
