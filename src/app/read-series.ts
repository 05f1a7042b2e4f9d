// Reads a stored Series for the front ends that draw it (plot, the web pages): one recipe's
// builds in revision order, the culprits blame stored for it, and the stacked bands.

import { UserError } from "../core/user-error.js";
import type { BuildStore } from "./build-record.js";
import { orderStoredSeries, type SeriesView, seriesRecipes, seriesView } from "./views/series-view.js";
import { type StackGrain, type StackedSeriesView, stackedSeriesView } from "./views/stacked-series.js";

/** The recipe asked for, or the one with most builds; an error that names the stored ones. */
export async function pickRecipe(store: BuildStore, recipe: string | undefined): Promise<string> {
  const recipes = seriesRecipes(await store.listBuilds());
  if (recipes.length === 0)
    throw new UserError(
      "no builds stored yet, so there is no series to draw",
      "build one with: kbloat build SOURCE, or a series with: kbloat track SOURCE A..B",
    );
  if (recipe === undefined) return recipes[0].recipe;
  if (!recipes.some((r) => r.recipe === recipe))
    throw new UserError(`no builds of recipe ${recipe} are stored`, `stored recipes: ${recipes.map((r) => r.recipe).join(", ")}`);
  return recipe;
}

export async function readSeries(store: BuildStore, recipe: string): Promise<SeriesView> {
  const builds = orderStoredSeries(await store.listBuilds(), recipe);
  return seriesView(
    recipe,
    builds.map((record) => ({ record })),
    await store.listCulprits(),
  );
}

export async function readStackedSeries(store: BuildStore, recipe: string, by: StackGrain): Promise<StackedSeriesView> {
  const builds = orderStoredSeries(await store.listBuilds(), recipe).filter((b) => b.status === "ok");
  const inputs = [];
  for (const b of builds) {
    const { objects, subsystems } = await store.loadObjects(b.id);
    if (objects.length) inputs.push({ id: b.id, objects, subsystems });
  }
  return stackedSeriesView(recipe, by, inputs);
}
