// What modules --prove says when a variant does not build, and the savings it reports.

import assert from "node:assert/strict";
import { test } from "node:test";
import { explainFailure } from "../../src/app/prove-modules.js";
import { netSaving } from "../../src/core/module-layout.js";

test("modpost's undefined symbols are named, by module: they would need exporting", () => {
  const log = [
    "  MODPOST Module.symvers",
    'ERROR: modpost: "tty_kopen_shared" [drivers/tty/serial/8250/8250.ko] undefined!',
    'ERROR: modpost: "printk_cpu_sync_get_irqsave" [drivers/tty/serial/8250/8250.ko] undefined!',
    'ERROR: modpost: "mm_trace_rss_stat" [fs/binfmt_misc.ko] undefined!',
    "make[2]: *** [scripts/Makefile.modpost:145: Module.symvers] Error 1",
    "kbloat: compile failed: make vmlinux modules failed",
  ].join("\n");
  assert.equal(
    explainFailure(log),
    "modpost: symbols a module uses are not exported by the kernel proper (drivers/tty/serial/8250/8250.ko uses tty_kopen_shared, printk_cpu_sync_get_irqsave; fs/binfmt_misc.ko uses mm_trace_rss_stat): they would need EXPORT_SYMBOL",
  );
});

test("built-in callers of what would be in the module are named from the link's errors", () => {
  const log =
    "ld: vmlinux.o: in function `start_kernel':\nmain.c:(.init.text+0x1f): undefined reference to `foo_init'\nkbloat: link failed: make vmlinux modules failed";
  assert.equal(explainFailure(log), "the link of vmlinux failed: built-in code calls foo_init, which would be in the module");
  assert.equal(
    explainFailure("kbloat: configure failed: CONFIG_X could not be set to m: another option selects it, or it is a bool (olddefconfig made it y)"),
    "configure failed: CONFIG_X could not be set to m: another option selects it, or it is a bool (olddefconfig made it y)",
  );
});

test("the saving with the modules loaded is what left less what they keep allocated", () => {
  const mod = (loaded: number) => ({ path: "x.ko", file: 1, text: 1, data: 0, bss: 0, loaded, init: 4096, objects: [] });
  assert.deepEqual(netSaving({ left: 20_000, modules: [mod(8192), mod(4096)] }), { loaded: 12_288, ifLoaded: 7712, ifNotLoaded: 20_000 });
  assert.deepEqual(netSaving({ left: null, modules: [] }), { loaded: 0, ifLoaded: null, ifNotLoaded: null });
});
