/** What an image in a request costs in input tokens, where that can be known from the request
 *  alone. OpenAI's vision guide ("Calculating costs"): at `detail: "low"` an image costs a fixed
 *  number of tokens whatever its size (85 for GPT-4o and GPT-4.1, 2833 for GPT-4o mini, whose
 *  tokens are priced lower); at `high` or `auto` it costs per 512-pixel tile of the image scaled
 *  to fit, which needs the image's size, and a URL does not say it. Those images, and models
 *  whose image costs are reckoned otherwise, are reported as not counted rather than guessed. */

/** Low-detail image tokens by model family (dated snapshots included). */
const LOW_DETAIL: readonly [RegExp, number][] = [
  [/^gpt-4o-mini(-\d{4}-\d{2}-\d{2})?$/, 2833],
  [/^(gpt-4o|gpt-4\.1)(-\d{4}-\d{2}-\d{2})?$/, 85],
];

/** The input tokens of one image at `detail` for `model`, or undefined when they cannot be known
 *  without the image (high or auto detail, the default) or for this model. */
export function imageTokens(model: string | undefined, detail: unknown): number | undefined {
  if (detail !== 'low' || model === undefined) return undefined;
  return LOW_DETAIL.find(([pattern]) => pattern.test(model))?.[1];
}
