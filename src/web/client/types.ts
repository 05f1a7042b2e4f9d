// The shapes of the documents the pages read that are not one view of app/views.

import type { indexDoc } from "../../app/site-documents.js";

export type IndexDoc = Awaited<ReturnType<typeof indexDoc>>;
