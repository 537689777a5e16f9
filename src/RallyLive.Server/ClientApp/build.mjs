// Bundles the pages: every src/pages/<name>.ts becomes <outdir>/pages/<name>.js (an ES module) and, from the CSS it
// imports, <outdir>/pages/<name>.css; public/ is copied as is. With --tests, bundles test/*.test.ts for node's test runner.
//   node build.mjs [--outdir <folder>] [--tests]
import * as esbuild from "esbuild";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const argument = name => {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
};

const shared = { bundle: true, format: "esm", target: "es2022", sourcemap: "linked", logLevel: "warning", legalComments: "none" };

if (process.argv.includes("--tests")) {
  const outdir = join("node_modules", ".cache", "rallylive-tests");
  rmSync(outdir, { recursive: true, force: true });
  const tests = readdirSync("test").filter(file => file.endsWith(".test.ts")).map(file => join("test", file));
  await esbuild.build({ ...shared, entryPoints: tests, outdir, platform: "node", outExtension: { ".js": ".mjs" } });
  console.log(outdir);
} else {
  const outdir = argument("--outdir") ?? "dist";
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const pages = readdirSync(join("src", "pages")).filter(file => file.endsWith(".ts")).map(file => join("src", "pages", file));
  await esbuild.build({
    ...shared,
    entryPoints: pages,
    outdir: join(outdir, "pages"),
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    minify: true,
    platform: "browser",
    // The emoji font (shared/base.css) is served beside the pages.
    loader: { ".woff2": "file" },
    assetNames: "assets/[name]-[hash]",
  });
  cpSync("public", outdir, { recursive: true });
  console.log(`${pages.length} pages built into ${outdir}`);
}
