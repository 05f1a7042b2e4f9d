// One line of text per reason a symbol is built in, for reports.

import type { BuiltinExplanation, BuiltinReason } from "./explain-builtins.js";
import type { Location } from "./model.js";

const loc = (at: Location) => `${at.file}:${at.line}`;

export function describeBuiltinReason(r: BuiltinReason, e: Pick<BuiltinExplanation, "type">): string {
  switch (r.kind) {
    case "selected": {
      const by = r.by.map((s) => `${s.symbol}${s.condition ? ` if ${s.condition}` : ""} (${loc(s.at)})`).join(", ");
      return `selected by ${by}; chain ${r.chain.join(" <- ")}; roots ${r.roots.length > 0 ? r.roots.join(" ") : "none (a cycle)"}`;
    }
    case "choice":
      return `picked in the choice at ${loc(r.choice)} (${r.members.join(" ")})`;
    case "no-prompt": {
      const from = [
        r.default ? `default ${r.default.value} (${loc(r.default.at)})` : null,
        r.impliedBy.length > 0 ? `implied by ${r.impliedBy.join(" ")}` : null,
      ].filter(Boolean);
      const shown = r.unlockedBy.length > 0 ? `; its prompt shows once ${r.unlockedBy.join(" ")} ${r.unlockedBy.length > 1 ? "are" : "is"} set` : "";
      return `no visible prompt${from.length > 0 ? `: ${from.join(", ")}` : ""}${shown}`;
    }
    case "depends":
      return `cannot be m: ${r.on}`;
    case "user":
      return e.type === "tristate" ? "set by the user or the base config; could be m" : "set by the user or the base config";
  }
}

/** `NAME type prompt=yes module=no: reason; reason` */
export function describeBuiltin(e: BuiltinExplanation): string {
  const reasons = e.reasons.map((r) => describeBuiltinReason(r, e)).join("; ");
  return `${e.symbol} ${e.type} prompt=${e.prompt ? "yes" : "no"} module=${e.canBeModule ? "yes" : "no"}: ${reasons}`;
}
