// `kbloat completion bash`: the completion script for bash, rendered from the CompletionSpec.
// Verbs, options and their values are written into the script; stored build names come from
// `kbloat __complete-builds` at Tab time and are only ever compared and quoted, never evaluated.

import { type CompletionOption, type CompletionSpec, type CompletionVerb, valueOptionNames } from "./completion-spec.js";

/** a word in single quotes, for bash and zsh alike */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

const words = (list: string[]) => shellQuote(list.join(" "));
const optionNames = (options: CompletionOption[]) => options.flatMap((o) => o.names);

/** `case` lines that set REPLY for each verb ('' is the global options), from `pick` */
function caseLines(spec: CompletionSpec, pick: (options: CompletionOption[]) => string[]): string[] {
  const lines = [`    '') REPLY=${words(pick(spec.global))} ;;`];
  for (const v of spec.verbs) lines.push(`    ${v.name}) REPLY=${words(pick(v.options))} ;;`);
  return [...lines, "    *) REPLY='' ;;"];
}

function choiceLines(spec: CompletionSpec): string[] {
  const lines: string[] = [];
  const add = (verb: string, o: CompletionOption) => {
    if (o.choices) lines.push(`    ${o.names.map((n) => `${verb}:${n}`).join("|")}) REPLY=${words(o.choices)} ;;`);
  };
  for (const v of spec.verbs) for (const o of v.options) add(v.name, o);
  for (const o of spec.global) add("*", o);
  return [...lines, "    *) return 1 ;;"];
}

function argumentLine(v: CompletionVerb, position: string, a: CompletionVerb["arguments"][number]): string {
  const reply = a.kind === "other" ? "" : a.kind === "choice" ? `words ${a.choices.join(" ")}` : a.kind;
  return `    ${v.name}:${position}) REPLY=${shellQuote(reply)} ;;`;
}

/** positions past the last argument of a verb whose last argument repeats match "VERB:*" */
function argumentLines(spec: CompletionSpec): string[] {
  const lines: string[] = [];
  for (const v of spec.verbs) {
    const last = v.arguments.at(-1);
    if (!last || (last.kind === "other" && v.arguments.every((a) => a.kind === "other"))) continue;
    v.arguments.forEach((a, i) => lines.push(argumentLine(v, String(i), a)));
    if (v.variadic) lines.push(argumentLine(v, "*", last));
  }
  return [...lines, "    *) REPLY='' ;;"];
}

export function renderBashCompletion(spec: CompletionSpec): string {
  const p = spec.program;
  const verbs = spec.verbs.map((v) => v.name);
  return `# bash completion for ${p}. Load it in this shell with
#   source <(${p} completion bash)
# or for every shell: ${p} completion bash > ~/.local/share/bash-completion/completions/${p}
# Stored build names come from \`${p} __complete-builds\` (the database of --db or $KBLOAT_DB).

__${p}_verbs=${words(verbs)}

__${p}_options() { # the options of verb $1 ('' for the global ones), in REPLY
  case $1 in
${caseLines(spec, optionNames).join("\n")}
  esac
}

__${p}_value_options() { # the options of verb $1 that take a value, in REPLY
  case $1 in
${caseLines(spec, valueOptionNames).join("\n")}
  esac
}

__${p}_choices() { # the values option $2 of verb $1 accepts, in REPLY; fails when it declares none
  case $1:$2 in
${choiceLines(spec).join("\n")}
  esac
}

__${p}_argument() { # what argument $2 (from 0) of verb $1 is: build, verb, "words W...", or ''
  case $1:$2 in
${argumentLines(spec).join("\n")}
  esac
}

__${p}_offer() { # offer $1 if it starts with $cur, as readline replaces it: past the last
  # COMP_WORDBREAKS character ("6.12.117@t" is completed as "t" by default); %q for build names
  [[ $1 == "$cur"* ]] || return 0
  local rest=\${1:\${#cur_kept}}
  [[ -n $2 && -n $rest ]] && printf -v rest '%q' "$rest"
  COMPREPLY+=("$rest")
}

__${p}_add() { # the words of $1 that start with $cur
  local -a list
  local w
  read -ra list <<<"$1"
  for w in "\${list[@]}"; do __${p}_offer "$w"; done
}

__${p}_add_builds() { # the stored build names that start with $cur, quoted for the shell
  local name
  while IFS= read -r name; do
    [[ -n $name ]] && __${p}_offer "$name" quoted
  done < <(command ${p} "\${db[@]}" __complete-builds 2>/dev/null)
}

__${p}_takes_value() { # whether option $2 takes a value, for verb $1 or globally
  local REPLY all
  __${p}_value_options ''
  all=" $REPLY "
  __${p}_value_options "$1"
  [[ "$all $REPLY " == *" $2 "* ]]
}

_${p}() {
  # the words up to the cursor, split at blanks only: COMP_WORDS is split at COMP_WORDBREAKS too
  # (at "=", "@" and ":"), which would cut --by=dir and 6.12.117@tiny in pieces
  local line=\${COMP_LINE:0:COMP_POINT}
  local -a words db=() kind
  read -ra words <<<"$line"
  [[ -z $line || $line == *[[:blank:]] ]] && words+=('')
  local cur=\${words[-1]} prev='' verb='' word i=1 n=0 last=$((\${#words[@]} - 1)) REPLY
  ((last > 0)) && prev=\${words[last - 1]}
  # --opt=value: the value is completed
  if [[ $cur == --*=* ]]; then
    prev=\${cur%%=*}
    cur=\${cur#*=}
  fi
  local cur_kept=''
  [[ -n \${COMP_WORDBREAKS:-} && $cur == *["$COMP_WORDBREAKS"]* ]] && cur_kept=\${cur%"\${cur##*["$COMP_WORDBREAKS"]}"}
  COMPREPLY=()
  # the verb, the database named by --db, and the number of arguments before the current word
  while ((i < last)); do
    word=\${words[i]}
    i=$((i + 1))
    if [[ $word == --db=* ]]; then
      db=(--db "\${word#--db=}")
    elif [[ $word == -* && $word != *=* ]]; then
      __${p}_takes_value "$verb" "$word" || continue
      ((i < last)) && [[ $word == --db ]] && db=(--db "\${words[i]}")
      i=$((i + 1))
    elif [[ $word != -* && -z $verb ]]; then
      verb=$word
    elif [[ $word != -* ]]; then
      n=$((n + 1))
    fi
  done
  [[ \${db[1]:-} == "~/"* ]] && db[1]=$HOME/\${db[1]#"~/"}
  if [[ $prev == -* ]] && __${p}_takes_value "$verb" "$prev"; then
    __${p}_choices "$verb" "$prev" && __${p}_add "$REPLY"
    return 0 # a path or a number: readline completes paths (complete -o default)
  fi
  if [[ $cur == -* ]]; then
    [[ -n $verb ]] && __${p}_options "$verb" && __${p}_add "$REPLY"
    __${p}_options ''
    __${p}_add "$REPLY"
    return 0
  fi
  if [[ -z $verb ]]; then
    __${p}_add "$__${p}_verbs"
    return 0
  fi
  __${p}_argument "$verb" "$n"
  read -ra kind <<<"$REPLY"
  case \${kind[0]} in
    build) __${p}_add_builds ;;
    verb) __${p}_add "$__${p}_verbs" ;;
    words) __${p}_add "\${kind[*]:1}" ;;
  esac
  return 0
}

complete -o default -F _${p} ${p}
`;
}
