// The tables as kysely sees them: one shape for SQLite and PostgreSQL, whose schemas
// (sqlite-schema.ts, postgres-schema.ts) both make these columns, as a test checks.

import type { Generated } from "kysely";

export interface Database {
  names: { id: Generated<number>; name: string };
  builds: {
    id: Generated<number>;
    identity: string;
    name: string;
    source: string;
    revision: string;
    recipe: string;
    recipe_hash: string;
    arch: string;
    toolchain: string;
    source_dir: string | null;
    build_dir: string | null;
    status: string;
    failed_step: string | null;
    log_tail: string | null;
    duration_ms: number | null;
    compiled: number | null;
    created: string;
    text: number | null;
    data: number | null;
    bss: number | null;
    total: number | null;
    image: number | null;
    content: number | null;
    config: Buffer | null;
    inputs: Buffer | null;
    could_leave: number | null;
    core: number | null;
    symbol_objects: number | null;
    made_text: number | null;
    made_data: number | null;
    made_bss: number | null;
    source_kind: string | null;
    source_id: string | null;
    source_location: string | null;
    recipe_data: Buffer | null;
  };
  sections: { build_id: number; seq: number; name: string; addr: string; size: number; class: string };
  /** a build's symbols as gzipped columns (core/symbol-columns.ts): sizes = names, types, sizes; places = objects, addresses */
  symbol_tables: { build_id: number; count: number; sizes: Buffer; places: Buffer | null };
  objects: { build_id: number; path_id: number; subsystem_id: number | null; text: number; data: number; bss: number };
  modules: { build_id: number; path_id: number; file: number; text: number; data: number; bss: number; loaded: number; init: number; objects: string };
  culprits: {
    id: Generated<number>;
    recipe_hash: string;
    recipe: string;
    commit_sha: string;
    /** JSON: every commit of the culprit (more than one when failed builds hid the boundary) */
    commits: string;
    subject: string;
    author: string;
    date: string;
    delta: number;
    text_delta: number;
    data_delta: number;
    bss_delta: number;
    total_delta: number;
    image_delta: number | null;
    /** JSON: MAINTAINERS subsystems of the files it touched */
    subsystems: string;
    /** JSON: content bytes of the change per subsystem of the objects that hold them */
    by_subsystem: string;
    base_build: number | null;
    head_build: number | null;
    range: string;
    threshold: number;
    created: string;
    merge_rest: Generated<number>;
  };
}
