// modules --prove: each candidate built as a module, with what left vmlinux and what the module costs.

import { filesThatTest, type ProofResult } from "../app/prove-modules.js";
import { netSaving } from "../core/module-layout.js";
import { formatCount } from "../core/format-size.js";
import { type Format, renderJson, renderTable } from "./render-table.js";
import { proveView } from "../app/views/modules-view.js";

export function renderProofs(r: ProofResult, format: Format): string {
  const b = r.attribution.build;
  if (format === "json") return renderJson(proveView(r));
  const count = format === "csv" ? (n: number) => n : formatCount;
  const maybe = (n: number | null) => (n === null ? "-" : count(n));
  const table = renderTable(
    {
      head: ["option", "static", "left vmlinux", "module", ".ko file", "loaded", "saving if loaded", "build", "verdict"],
      numeric: [false, true, true, false, true, true, true, true, false],
      rows: r.proofs.map((p) => {
        const net = netSaving(p);
        const also = p.alsoModule.length ? ` (with ${p.alsoModule.join(", ")} =m)` : "";
        const verdict =
          p.verdict === "proven" ? `proven${also}` : p.verdict === "proven-with-patch" ? `proven with a patch${also}` : `not possible: ${p.cause}`;
        return [
          `CONFIG_${p.symbol}`,
          count(p.static),
          maybe(p.left),
          p.modules.map((m) => m.path).join(" ") || "-",
          p.modules.length ? count(p.modules.reduce((t, m) => t + m.file, 0)) : "-",
          p.modules.length ? count(net.loaded) : "-",
          maybe(p.modules.length ? net.ifLoaded : null),
          p.build?.id ?? "",
          verdict,
        ];
      }),
    },
    format,
  );
  if (format !== "text") return table;
  const head =
    `build ${b.id}: ${b.name}: each option built as a module in turn (CONFIG_X=m, olddefconfig, make vmlinux modules; incremental builds)\n` +
    "left vmlinux = content bytes that left; loaded = the module's allocated sections as the loader lays them out, " +
    "each region rounded to pages (init sections are freed after load); not loaded, the saving is all that left";
  const repro = r.proofs.filter((p) => p.build).map((p) => `  CONFIG_${p.symbol}: kbloat diff ${b.id} ${p.build?.id} --format bloat-o-meter`);
  const patches = r.proofs.flatMap((p) => {
    if (!p.patch) return [];
    const users = `${p.ifdefUsers.slice(0, 8).join(" ")}${p.ifdefUsers.length > 8 ? " …" : ""}`;
    const ifdef = p.ifdefUsers.length
      ? `\n${filesThatTest(p.ifdefUsers.length)} CONFIG_${p.symbol} with #ifdef or defined(), which sees it off once it is m (IS_ENABLED sees both): ${users}`
      : "";
    return [`\nCONFIG_${p.symbol} is a bool: the patch that makes it a tristate, applied before it was built as a module:\n\n${p.patch}${ifdef}`];
  });
  return `${head}\n\n${table}${repro.length ? `\nwhat left, symbol by symbol:\n${repro.join("\n")}\n` : ""}${patches.join("\n")}`;
}
