// Untrusted text reaches the page only through textContent / createTextNode (src/shared/dom.ts h()). This check fails
// the build when any source file uses an API that parses a string as markup or code.
//   node scripts/check-safe-dom.mjs [folder...]   (default: src)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

/** Each forbidden use, with why it is forbidden. */
export const forbidden = [
  [/\.innerHTML\b/, "innerHTML parses markup: build elements with h() instead"],
  [/\.outerHTML\b/, "outerHTML parses markup: build elements with h() instead"],
  [/\binsertAdjacentHTML\b/, "insertAdjacentHTML parses markup: build elements with h() instead"],
  [/\bdocument\s*\.\s*write(ln)?\b/, "document.write parses markup"],
  [/\bcreateContextualFragment\b/, "createContextualFragment parses markup"],
  [/\bDOMParser\b/, "DOMParser parses markup"],
  [/\bsrcdoc\b/, "srcdoc parses markup"],
  [/(^|[^.\w])eval\s*\(/, "eval runs a string as code"],
  [/\bnew\s+Function\s*\(/, "new Function runs a string as code"],
  [/\bsetAttribute\s*\(\s*["'`]on/i, "event handler attributes run strings as code: use addEventListener"],
  [/["'`]\s*javascript:/i, "javascript: URLs run code"],
];

/** The forbidden uses in one file's text: [{ line, text, why }]. */
export const findUnsafe = text => text.split("\n").flatMap((line, index) =>
  forbidden.filter(([pattern]) => pattern.test(line)).map(([, why]) => ({ line: index + 1, text: line.trim(), why })));

const sourceFiles = folder => readdirSync(folder).flatMap(name => {
  const path = join(folder, name);
  return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mjs|js)$/.test(name) ? [path] : [];
});

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const folders = process.argv.length > 2 ? process.argv.slice(2) : ["src"];
  const files = folders.flatMap(sourceFiles);
  const problems = files.flatMap(file => findUnsafe(readFileSync(file, "utf8")).map(p => ({ file: relative(".", file), ...p })));
  for (const p of problems) {
    console.error(`${p.file}:${p.line}: ${p.why}\n    ${p.text}`);
  }
  if (problems.length > 0) {
    console.error(`check-safe-dom: ${problems.length} unsafe use(s) in ${files.length} files`);
    process.exit(1);
  }
  console.log(`check-safe-dom: ${files.length} files, no markup or code built from strings`);
}
