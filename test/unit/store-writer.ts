// A second kbloat process for the store contract: stores one Build of many symbols into the
// database named on its command line (`store-writer.ts DB IDENTITY`), then exits.

import { openStore } from "../../src/app/open-store.js";
import { info, manySymbols } from "./store-fixtures.js";

const [db, identity] = process.argv.slice(2);
const store = openStore(db);
await store.saveBuild(
  { ...info(identity, `${identity}@tiny`), recipeData: null },
  {
    totals: { text: 1, data: 0, bss: 0, total: 1 },
    content: 1,
    linkerMade: null,
    image: null,
    sections: [],
    symbols: manySymbols(5000),
    objects: [],
    subsystems: new Map(),
    config: null,
  },
);
await store.close();
