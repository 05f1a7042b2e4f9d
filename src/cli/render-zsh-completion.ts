// `kbloat completion zsh`: the completion function for zsh, rendered from the CompletionSpec.
// It works the way the bash script does (render-bash-completion.ts), with descriptions; stored
// build names come from `kbloat __complete-builds` and go to compadd as plain words.

import { type CompletionOption, type CompletionSpec, valueOptionNames } from "./completion-spec.js";
import { shellQuote } from "./render-bash-completion.js";

/** "name:description" for _describe, the name's colons escaped */
const described = (name: string, description: string) => shellQuote(`${name.replaceAll(":", "\\:")}:${description}`);

const optionEntries = (options: CompletionOption[]) => options.flatMap((o) => o.names.map((n) => described(n, o.description)));

function caseLines(spec: CompletionSpec, pick: (options: CompletionOption[]) => string[]): string[] {
  const lines = [`    '') reply=(${pick(spec.global).join(" ")}) ;;`];
  for (const v of spec.verbs) lines.push(`    ${v.name}) reply=(${pick(v.options).join(" ")}) ;;`);
  return [...lines, "    *) reply=() ;;"];
}

function choiceLines(spec: CompletionSpec): string[] {
  const lines: string[] = [];
  const add = (verb: string, o: CompletionOption) => {
    if (o.choices) lines.push(`    ${o.names.map((n) => `${verb}:${n}`).join("|")}) reply=(${o.choices.map(shellQuote).join(" ")}) ;;`);
  };
  for (const v of spec.verbs) for (const o of v.options) add(v.name, o);
  for (const o of spec.global) add("*", o);
  return [...lines, "    *) return 1 ;;"];
}

function argumentLines(spec: CompletionSpec): string[] {
  const lines: string[] = [];
  for (const v of spec.verbs) {
    const reply = (a: (typeof v.arguments)[number]) => (a.kind === "other" ? "" : a.kind === "choice" ? ["words", ...a.choices].join(" ") : a.kind);
    const last = v.arguments.at(-1);
    if (!last || v.arguments.every((a) => a.kind === "other")) continue;
    v.arguments.forEach((a, i) => lines.push(`    ${v.name}:${i + 1}) reply=(${reply(a)}) ;;`));
    if (v.variadic) lines.push(`    ${v.name}:*) reply=(${reply(last)}) ;;`);
  }
  return [...lines, "    *) reply=() ;;"];
}

export function renderZshCompletion(spec: CompletionSpec): string {
  const p = spec.program;
  const verbs = spec.verbs.map((v) => described(v.name, v.description));
  return `#compdef ${p}
# zsh completion for ${p}. Load it in this shell (after compinit) with
#   source <(${p} completion zsh)
# or for every shell: ${p} completion zsh > "\${fpath[1]}/_${p}"
# Stored build names come from \`${p} __complete-builds\` (the database of --db or $KBLOAT_DB).

__${p}_verbs() { reply=(${verbs.join(" ")}); }

__${p}_options() { # the options of verb $1 ('' for the global ones) as name:description
  case $1 in
${caseLines(spec, optionEntries).join("\n")}
  esac
}

__${p}_value_options() { # the options of verb $1 that take a value
  case $1 in
${caseLines(spec, (o) => valueOptionNames(o).map(shellQuote)).join("\n")}
  esac
}

__${p}_choices() { # the values option $2 of verb $1 accepts; fails when it declares none
  case $1:$2 in
${choiceLines(spec).join("\n")}
  esac
}

__${p}_argument() { # what argument $2 (from 1) of verb $1 is: build, verb, "words W...", or nothing
  case $1:$2 in
${argumentLines(spec).join("\n")}
  esac
}

__${p}_takes_value() { # whether option $2 takes a value, for verb $1 or globally
  local -a reply all
  __${p}_value_options ''
  all=($reply)
  __${p}_value_options "$1"
  (( \${all[(Ie)$2]} || \${reply[(Ie)$2]} ))
}

_${p}() {
  local cur=\${words[CURRENT]} prev=\${words[CURRENT-1]} verb='' word option
  local -i i=2 n=0
  local -a db reply names
  # the verb, the database named by --db, and the number of arguments before the current word
  while (( i < CURRENT )); do
    word=\${words[i]}
    (( i++ ))
    if [[ $word == --*=* ]]; then
      [[ $word == --db=* ]] && db=("$word")
    elif [[ $word == -* ]]; then
      __${p}_takes_value "$verb" "$word" || continue
      if [[ $word == --db ]] && (( i < CURRENT )); then
        db=(--db "\${words[i]}")
        [[ \${db[2]} == '~/'* ]] && db[2]=$HOME/\${db[2]#'~/'}
      fi
      (( i++ ))
    elif [[ -z $verb ]]; then
      verb=$word
    else
      (( n++ ))
    fi
  done
  if [[ $cur == --*=* ]]; then
    option=\${cur%%=*}
    compset -P '*='
  elif [[ $prev == -* ]]; then
    option=$prev
  fi
  if [[ -n $option ]] && __${p}_takes_value "$verb" "$option"; then
    if __${p}_choices "$verb" "$option"; then
      compadd -a reply
    else
      _files
    fi
    return
  fi
  if [[ $cur == -* ]]; then
    local -a global
    __${p}_options ''
    global=($reply)
    reply=()
    [[ -n $verb ]] && __${p}_options "$verb"
    _describe -t options option reply -- global
    return
  fi
  if [[ -z $verb ]]; then
    __${p}_verbs
    _describe -t commands '${p} verb' reply
    return
  fi
  __${p}_argument "$verb" $(( n + 1 ))
  case $reply[1] in
    build)
      names=(\${(f)"$(command ${p} "\${db[@]}" __complete-builds 2>/dev/null)"})
      compadd -a names ;;
    verb)
      __${p}_verbs
      _describe -t commands '${p} verb' reply ;;
    words)
      compadd -- "\${(@)reply[2,-1]}" ;;
    *)
      _files ;;
  esac
}

if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
  _${p} "$@"
else
  compdef _${p} ${p}
fi
`;
}
