// Builds consultation/static/govuk: the compiled stylesheet (council font, no
// GOV.UK fonts), GOV.UK Frontend's JavaScript and the non-brand images.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "consultation", "static", "govuk");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = sass.compile(join(root, "assets", "scss", "application.scss"), {
  importers: [new sass.NodePackageImporter()],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "application.css"), result.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
// No GOV.UK images or fonts are copied: the crown, crest and GDS Transport are
// reserved for GOV.UK. The council's own logo and favicon live in
// consultation/static/images.
console.log(`built ${out}`);
