// Builds functions/PreDemande.Core/Geography/communes.tsv from the pinned npm package
// @etalab/decoupage-administratif (MIT, data from the INSEE COG and La Poste).
// Run `npm ci && npm run communes` after changing the package version; a test checks the
// committed file is what this script produces.
//
// One line per known code: code, kind, name, département, postcodes (space separated).
// kind: A commune actuelle, D commune déléguée, S commune associée, M arrondissement municipal,
//       H former code of a current commune (for births registered under the old code).
// Déléguées and associées get the postcodes of their chef-lieu, so an address may name them.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const communes = require("@etalab/decoupage-administratif/data/communes.json");
const { version } = require("@etalab/decoupage-administratif/package.json");

const kinds = {
  "commune-actuelle": "A",
  "commune-deleguee": "D",
  "commune-associee": "S",
  "arrondissement-municipal": "M",
};
const postcodesOf = new Map(
  communes.filter((c) => c.type === "commune-actuelle").map((c) => [c.code, c.codesPostaux ?? []]),
);
const clean = (s) => s.replace(/[\t\r\n]/g, " ");
const rows = [];
for (const c of communes) {
  const kind = kinds[c.type];
  if (!kind) throw new Error(`unknown commune type ${c.type}`);
  const postcodes = c.codesPostaux ?? postcodesOf.get(c.chefLieu ?? c.commune) ?? [];
  rows.push([c.code, kind, clean(c.nom), c.departement ?? "", postcodes.join(" ")]);
  for (const old of c.anciensCodes ?? []) {
    rows.push([old, "H", clean(c.nom), c.departement ?? "", postcodes.join(" ")]);
  }
}
rows.sort((a, b) => (a[0] + a[1] + a[2]).localeCompare(b[0] + b[1] + b[2], "en"));
const header = `# @etalab/decoupage-administratif ${version}: code\tkind\tname\tdepartement\tpostcodes\n`;
const out = header + rows.map((r) => r.join("\t")).join("\n") + "\n";
const target = fileURLToPath(new URL("../functions/PreDemande.Core/Geography/communes.tsv", import.meta.url));
if (process.argv.includes("--check")) {
  const current = readFileSync(target, "utf8");
  if (current !== out) {
    console.error("communes.tsv is out of date: run `npm run communes`");
    process.exit(1);
  }
  console.log("communes.tsv is up to date");
} else {
  writeFileSync(target, out);
  console.log(`wrote ${rows.length} codes to ${target}`);
}
