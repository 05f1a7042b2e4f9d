// Building the page out of elements. Every piece of text goes in through textContent or an
// attribute, never through innerHTML: commit subjects, author and symbol names are data.

type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  href?: string;
  title?: string;
  id?: string;
  type?: string;
  value?: string;
  placeholder?: string;
  checked?: boolean;
  selected?: boolean;
  onclick?: (e: MouseEvent) => void;
  oninput?: (e: Event) => void;
  onchange?: (e: Event) => void;
  dataset?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const { dataset, onclick, oninput, onchange, checked, selected, ...attrs } = props;
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) node.setAttribute(k, String(v));
  if (dataset) for (const [k, v] of Object.entries(dataset)) node.dataset[k] = v;
  if (onclick) node.addEventListener("click", onclick as EventListener);
  if (oninput) node.addEventListener("input", oninput);
  if (onchange) node.addEventListener("change", onchange);
  if (checked !== undefined) (node as HTMLInputElement).checked = checked;
  if (selected !== undefined) (node as HTMLOptionElement).selected = selected;
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(typeof c === "number" ? String(c) : c);
  return node;
}

/** A <select> whose change calls back with the value picked. */
export function picker(label: string, options: { value: string; text: string }[], current: string, onPick: (v: string) => void, id?: string): HTMLElement {
  const select = el(
    "select",
    { id, onchange: (e) => onPick((e.target as HTMLSelectElement).value) },
    ...options.map((o) => el("option", { value: o.value, selected: o.value === current }, o.text)),
  );
  return el("label", { class: "picker" }, `${label} `, select);
}

export function section(title: string, ...children: Child[]): HTMLElement {
  return el("section", {}, el("h2", {}, title), ...children);
}

export function figureList(items: [string, string, string?][]): HTMLElement {
  return el("dl", { class: "figures" }, ...items.flatMap(([k, v, title]) => [el("dt", {}, k), el("dd", { title }, v)]));
}
